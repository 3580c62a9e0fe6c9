import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type AppProcess, baseUrlOf, spawnApp } from '../support/app-process';
import { clientBody } from '../support/clients';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ADMIN_EMAIL, ADMIN_PASSWORD, eventually, testEnv } from '../support/test-app';

/** One request on a new connection (cluster balances connections, not requests). */
function get(base: string, path: string, token?: string): Promise<{ status: number; pid: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, pid: String(res.headers['x-worker-pid'] ?? '') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Issue 18, multi-core: WEB_CONCURRENCY=2 runs two worker processes behind one port; both answer,
 * a crashed worker is replaced, SIGTERM drains both and the primary exits 0. The embedded
 * database refuses more than one process in one line.
 */
describe('WEB_CONCURRENCY workers (e2e, real process)', () => {
  let db: TestDatabase;
  let app: AppProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-cluster-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    app = spawnApp(
      testEnv(db.url, {
        PORT: '0',
        DATA_DIR: dataDir,
        WEB_CONCURRENCY: '2',
        PDF_RENDER_WORKERS: '1',
        LOG_LEVEL: 'warn',
      }),
    );
  });
  afterAll(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers from two worker pids, replaces a killed worker, and exits 0 on SIGTERM', async () => {
    const withOutput = (err: unknown): never => {
      throw new Error(`${String(err)}; app output: ${app.output().slice(-4000)}`);
    };
    const base = await baseUrlOf(app, 300_000).catch(withOutput);
    // the second worker may still be starting when the first listens
    const pids = await eventually(async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const r = await get(base, '/health/live');
        expect(r.status).toBe(200);
        seen.add(r.pid);
      }
      return seen.size === 2 ? [...seen] : null;
    }, 300_000).catch(withOutput);
    expect(pids.every((p) => /^\d+$/.test(p) && p !== String(app.child.pid))).toBe(true);

    // an authenticated API call works on either worker (same secrets, same database)
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const answered = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const r = await get(base, '/api/v1/auth/me', accessToken);
      expect(r.status).toBe(200);
      answered.add(r.pid);
    }
    expect(answered.size).toBe(2);

    // a worker that dies is replaced by a new one (started at once; it may still be booting when
    // SIGTERM comes below, and then stops without having served) while the other keeps answering
    process.kill(Number(pids[0]), 'SIGKILL');
    const replacement = await eventually(async () => {
      const out = app.output();
      if (!new RegExp(`worker ${pids[0]} exited \\(SIGKILL\\)`).test(out)) return null;
      const started = [...out.matchAll(/worker (\d+) started/g)].map((m) => m[1]);
      return started.find((p) => !pids.includes(p)) ?? null;
    }, 60_000).catch(withOutput);
    expect(() => process.kill(Number(replacement), 0)).not.toThrow();
    for (let i = 0; i < 6; i++) {
      const r = await get(base, '/health/live');
      expect(r.status).toBe(200);
      expect([pids[1], replacement]).toContain(r.pid);
    }

    app.child.kill('SIGTERM');
    const code = await app.exited;
    if (code !== 0) withOutput(`exit code ${code}`);
    expect(app.output()).toContain('all workers stopped');
    expect(app.output()).toContain('shut down cleanly');
  }, 1_000_000);

  /**
   * CLUSTER_BACKGROUND=separate: the web workers answer and deliver nothing; the one
   * background worker (which never answers HTTP) delivers what they commit, at once through the
   * primary. Stopped (SIGSTOP), nothing is delivered however long the web workers run; a killed
   * one's successor delivers what waited in the table; on SIGTERM it stops after the web workers.
   */
  it("delivers the web workers' events from the background worker only, and loses none when it is killed", async () => {
    const bgDb = await createTestDatabase();
    const bgDir = mkdtempSync(join(tmpdir(), 'crm-cluster-bg-'));
    const p = spawnApp(
      testEnv(bgDb.url, {
        PORT: '0',
        DATA_DIR: bgDir,
        WEB_CONCURRENCY: '2',
        CLUSTER_BACKGROUND: 'separate',
        PDF_RENDER_WORKERS: '1',
      }),
    );
    const sql = new Client({ connectionString: bgDb.url });
    const withOutput = (err: unknown): never => {
      throw new Error(`${String(err)}; app output: ${p.output().slice(-4000)}`);
    };
    try {
      const base = await baseUrlOf(p, 300_000).catch(withOutput);
      await sql.connect();
      const backgroundPid = (): string | null =>
        [...p.output().matchAll(/background worker (\d+) running/g)].map((m) => m[1]).pop() ?? null;
      const first = await eventually(async () => backgroundPid(), 300_000).catch(withOutput);
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const createClient = async (): Promise<string> => {
        const r = await fetch(`${base}/api/v1/clients`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify(clientBody().body),
        });
        expect(r.status).toBe(201);
        expect(r.headers.get('x-worker-pid')).not.toBe(first);
        return ((await r.json()) as { id: string }).id;
      };
      const pending = async (aggregateId: string): Promise<number> =>
        Number(
          (
            await sql.query<{ n: string }>(
              `SELECT count(*) AS n FROM outbox WHERE aggregate_id = $1 AND status <> 'delivered'`,
              [aggregateId],
            )
          ).rows[0].n,
        );
      const delivered = async (aggregateId: string): Promise<boolean> => {
        const n = await sql.query(`SELECT 1 FROM outbox WHERE aggregate_id = $1`, [aggregateId]);
        return n.rowCount! > 0 && (await pending(aggregateId)) === 0;
      };

      // at once after commit, through the primary, by the background worker
      const a = await createClient();
      await eventually(async () => ((await delivered(a)) ? true : null), 10_000);

      // the background worker stopped: the web workers keep answering and leave the event alone
      process.kill(Number(first), 'SIGSTOP');
      const b = await createClient();
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await pending(b)).toBeGreaterThan(0);
      process.kill(Number(first), 'SIGCONT');
      await eventually(async () => ((await delivered(b)) ? true : null), 10_000);

      // killed: the events committed meanwhile wait in the table for its successor
      process.kill(Number(first), 'SIGKILL');
      const c = await createClient();
      const second = await eventually(async () => {
        const pid = backgroundPid();
        return pid && pid !== first ? pid : null;
      }, 120_000).catch(withOutput);
      await eventually(async () => ((await delivered(c)) ? true : null), 30_000);
      expect(p.output()).toMatch(new RegExp(`background worker ${first} exited \\(SIGKILL\\)`));

      // SIGTERM: the web workers drain first, the background worker after them
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      const out = p.output();
      const bgStops = out.indexOf('stopping the background work');
      expect(bgStops).toBeGreaterThan(0);
      expect(out.lastIndexOf('HTTP drained')).toBeLessThan(bgStops);
      expect(out).toContain('all workers stopped');
      expect(second).not.toBe(first);
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await sql.end().catch(() => undefined);
      await bgDb.drop();
      rmSync(bgDir, { recursive: true, force: true });
    }
  }, 1_000_000);

  it('refuses WEB_CONCURRENCY > 1 with the embedded database, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-cluster-embedded-'));
    try {
      const env = testEnv('', { DATA_DIR: dir, WEB_CONCURRENCY: '2', PORT: '0' });
      delete env.DATABASE_URL;
      const p = spawnApp(env);
      expect(await p.exited).toBe(1);
      const lines = p.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^WEB_CONCURRENCY > 1 needs DATABASE_URL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
