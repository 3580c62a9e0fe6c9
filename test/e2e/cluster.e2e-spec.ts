import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppProcess, baseUrlOf, spawnApp } from '../support/app-process';
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
