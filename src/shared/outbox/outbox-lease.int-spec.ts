import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { relayWith } from '../../../test/support/relay-harness';
import { eventually } from '../../../test/support/test-app';
import { createDataSource } from '../database/data-source.factory';
import { uuidv7 } from '../domain/uuid';
import { LEASE_SECONDS } from './outbox.relay';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Outbox rows claimed by a process that died (issue 11, item 6): the claim is a short lease the
 * living process keeps renewing, so after kill -9 another relay delivers within seconds.
 */
describe('outbox claim leases (integration, child process killed with -9)', () => {
  let db: TestDatabase;
  const ds = () => createDataSource({ url: db.url, poolMax: 4, applicationName: 'lease-test' });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('delivers the rows a killed relay had claimed within seconds, and keeps them claimed while it lives', async () => {
    const data = ds();
    await data.initialize();
    try {
      const ids = Array.from({ length: 20 }, () => uuidv7());
      for (const id of ids) {
        await data.query(
          `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at,
                               actor_role, payload)
           VALUES ($1, 'tests.lease-probed', 'test', NULL, 1, now(), 'system', '{}')`,
          [id],
        );
      }
      const claimedCount = async (): Promise<number> =>
        Number(
          (
            (await data.query(
              `SELECT count(*) AS n FROM outbox WHERE id = ANY($1::uuid[]) AND locked_until > now()`,
              [ids],
            )) as Array<{ n: string }>
          )[0].n,
        );

      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'test/support/outbox-claimer.ts', db.url],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((r) => child.once('exit', r));
      try {
        // the child claims its first batch (and hangs in the subscriber)
        await eventually(async () => (await claimedCount()) > 0, 60_000).catch((err: unknown) => {
          throw new Error(`${String(err)}; child output: ${out}`);
        });
        const claimed = await claimedCount();
        // alive past its lease: the claims are renewed, not given up
        await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 2) * 1000));
        expect(await claimedCount()).toBe(claimed);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }

      const delivered = new Set<string>();
      const killedAt = Date.now();
      const relay = relayWith(data, async (e) => void delivered.add(e.eventId));
      relay.start();
      try {
        await eventually(async () => ids.every((id) => delivered.has(id)), (LEASE_SECONDS + 10) * 1000);
      } finally {
        await relay.stop();
      }
      const seconds = (Date.now() - killedAt) / 1000;
      expect(seconds).toBeLessThan(LEASE_SECONDS + 5);
      const pending = (await data.query(
        `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND status <> 'delivered'`,
        [ids],
      )) as Array<{ n: number }>;
      expect(pending[0].n).toBe(0);
    } finally {
      await data.destroy();
    }
  }, 120_000);
});
