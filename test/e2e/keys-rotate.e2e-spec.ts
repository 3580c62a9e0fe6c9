import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { rotateKeys } from '../../scripts/keys-rotate';
import { loadConfig } from '../../src/config/app-config';
import { FieldCipher } from '../../src/shared/crypto/field-cipher';
import { clientBody, dbRows } from '../support/clients';
import { type TestDatabase, createTestDatabase } from '../support/database';
import { startTestApp, TEST_KEY, testEnv, type TestApp } from '../support/test-app';

const K2 = Buffer.alloc(32, 9).toString('base64');
const K3 = Buffer.alloc(32, 11).toString('base64');

const piiOf = <T extends { column: string }>(results: T[]): T | undefined =>
  results.find((r) => r.column === 'clients.pii');

describe('npm run keys:rotate (e2e)', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db.drop();
  });

  it('re-encrypts rows written under k1 once k2 is put in front; reads work before and after; a second run changes nothing', async () => {
    // written under k1
    const old = await startTestApp({ db });
    apps.push(old);
    const op1 = (await old.userClient('operator')).client;
    const written: Array<{ id: string; passport: string; series: string }> = [];
    for (let i = 0; i < 7; i++) {
      const c = clientBody();
      const r = await op1.POST('/api/v1/clients', { body: c.body });
      written.push({ id: r.data!.id, passport: c.passport.number, series: c.passport.series });
    }
    const before = await dbRows<{ id: string; pii: string; key_id: string }>(
      db.url,
      `SELECT id, pii, key_id FROM clients WHERE pii IS NOT NULL`,
    );
    expect(before.length).toBeGreaterThanOrEqual(7);
    expect(new Set(before.map((r) => r.key_id))).toEqual(new Set(['k1']));

    // the configuration now puts k2 in front: old rows still read, new writes go under k2
    const env = { DATA_ENCRYPTION_KEYS: `k2:${K2},k1:${TEST_KEY}` };
    const rotatedApp = await startTestApp({ db, env });
    apps.push(rotatedApp);
    const op2 = (await rotatedApp.userClient('operator')).client;
    const read = await op2.GET('/api/v1/clients/{id}', { params: { path: { id: written[0].id } } });
    expect(read.data!.passports![0].number).toBe(written[0].passport);
    const fresh = await op2.POST('/api/v1/clients', { body: clientBody().body });
    const [freshRow] = await dbRows<{ key_id: string }>(db.url, `SELECT key_id FROM clients WHERE id = $1`, [
      fresh.data!.id,
    ]);
    expect(freshRow.key_id).toBe('k2');

    const lines: string[] = [];
    const config = loadConfig(
      testEnv(db.url, { ...env, DATA_DIR: rotatedApp.config.dataDir }),
      process.cwd(),
    );
    const result = await rotateKeys(config, { batchSize: 3, log: (l) => lines.push(l) });
    expect(piiOf(result)).toEqual({ column: 'clients.pii', rotated: before.length, remaining: 0 });
    // other modules' sealed columns (applications, integrations) are walked too, and left clean
    expect(result.filter((c) => c.remaining !== 0)).toEqual([]);
    // progress per batch of 3
    expect(lines.filter((l) => /clients\.pii: \d+ re-encrypted/.test(l)).length).toBe(
      Math.ceil(before.length / 3),
    );

    const cipher = new FieldCipher(config.encryptionKeys);
    const after = await dbRows<{ id: string; pii: string; key_id: string; version: number }>(
      db.url,
      `SELECT id, pii, key_id, version FROM clients WHERE pii IS NOT NULL`,
    );
    for (const r of after) {
      expect(r.key_id).toBe('k2');
      expect(cipher.needsRotation(r.pii)).toBe(false);
    }
    // a re-encryption is not an edit: versions stay as they were
    expect(after.find((r) => r.id === written[1].id)!.version).toBe(1);
    // passport strategies are process-global: the script's app (closed now) replaced the running
    // app's, so read through a fresh app instance, as a restarted replica would
    const afterApp = await startTestApp({ db, env });
    apps.push(afterApp);
    const op3 = (await afterApp.userClient('operator')).client;
    for (const w of written) {
      const r = await op3.GET('/api/v1/clients/{id}', { params: { path: { id: w.id } } });
      expect(r.error).toBeUndefined();
      expect(r.data!.passports![0].number).toBe(w.passport);
    }
    // k1 alone can no longer open them: they really are under k2
    expect(() =>
      new FieldCipher([config.encryptionKeys[1]]).decrypt(after[0].pii, `client:${after[0].id}`),
    ).toThrow(/not configured/);
    // and exact search still works (blind indexes stay keyed by the oldest key)
    const byPassport = await op3.GET('/api/v1/clients', {
      params: { query: { passport: `${written[2].series} ${written[2].passport}` } },
    });
    expect(byPassport.data!.items.map((c) => c.id)).toEqual([written[2].id]);

    const again = await rotateKeys(config);
    expect(again.filter((c) => c.rotated !== 0 || c.remaining !== 0)).toEqual([]);
    expect(piiOf(again)).toEqual({ column: 'clients.pii', rotated: 0, remaining: 0 });
    const unchanged = await dbRows<{ id: string; pii: string }>(
      db.url,
      `SELECT id, pii FROM clients WHERE pii IS NOT NULL`,
    );
    expect(Object.fromEntries(unchanged.map((r) => [r.id, r.pii]))).toEqual(
      Object.fromEntries(after.map((r) => [r.id, r.pii])),
    );
  });

  it('skips rows another transaction holds and finishes them on the next run (npm run keys:rotate)', async () => {
    const env = { DATA_ENCRYPTION_KEYS: `k3:${K3},k2:${K2},k1:${TEST_KEY}` };
    const config = loadConfig(testEnv(db.url, { ...env, DATA_DIR: apps[0].config.dataDir }), process.cwd());
    const [{ n }] = await dbRows<{ n: string }>(
      db.url,
      `SELECT count(*) AS n FROM clients WHERE pii IS NOT NULL`,
    );
    const busy = new Client({ connectionString: db.url });
    await busy.connect();
    let held: string;
    try {
      await busy.query('BEGIN');
      const r = await busy.query<{ id: string }>(
        `SELECT id FROM clients WHERE pii IS NOT NULL ORDER BY id LIMIT 1 FOR UPDATE`,
      );
      held = r.rows[0].id;
      const first = await rotateKeys(config, { batchSize: 2 });
      expect(piiOf(first)).toEqual({ column: 'clients.pii', rotated: Number(n) - 1, remaining: 1 });
    } finally {
      await busy.query('ROLLBACK');
      await busy.end();
    }
    // the command-line entry: configuration from the environment, progress on stdout
    const cli = spawnSync('npm', ['run', '--silent', 'keys:rotate'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...testEnv(db.url, { ...env, DATA_DIR: apps[0].config.dataDir }) },
      timeout: 120_000,
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('clients.pii: done, 1 re-encrypted, 0 still under an old key');
    const [row] = await dbRows<{ key_id: string }>(db.url, `SELECT key_id FROM clients WHERE id = $1`, [
      held,
    ]);
    expect(row.key_id).toBe('k3');
  });
});
