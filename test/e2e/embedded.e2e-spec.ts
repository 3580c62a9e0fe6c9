import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCrmClient } from '../../client';
import { ADMIN_EMAIL, ADMIN_PASSWORD, eventually, testEnv } from '../support/test-app';

interface Running {
  child: ChildProcess;
  base: string;
  output: () => string;
}

const ROOT = resolve(__dirname, '..', '..');

/** Starts `src/main.ts` as a real process, the way `npm start` runs `dist/main.js`. */
async function startProcess(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`exited early: ${out}`);
    const m = /listening on port (\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  }, 180_000);
  return { child, base: `http://127.0.0.1:${port}`, output: () => out };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((r) =>
    child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code)),
  );
}

/**
 * The quick start: no DATABASE_URL, so the app starts the embedded PostgreSQL (PGlite over the
 * wire protocol) under DATA_DIR, runs the same migrations and serves the same API; SIGTERM shuts
 * it down cleanly and the data is there after a restart.
 */
describe('embedded default database (smoke)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves /health/ready and a working login without any database server, shuts down on SIGTERM and keeps its data', async () => {
    const env = testEnv('', { DATA_DIR: dataDir, DB_POOL_MAX: '4', PORT: '0', LOG_LEVEL: 'warn' });
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    for (const round of [1, 2]) {
      const app = await startProcess(env);
      try {
        const ready = await fetch(`${app.base}/health/ready`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
        if (round === 1) await expectPrivateDatabase(dataDir, app.child.pid!);
        const crm = createCrmClient(app.base);
        const login = await crm.POST('/api/v1/auth/login', {
          body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        });
        expect(login.response.status).toBe(200);
        crm.setToken(login.data!.accessToken);
        // concurrent reads and writes queue on the embedded database instead of failing
        const reads = Array.from({ length: 8 }, () => crm.GET('/api/v1/auth/me'));
        const writes = Array.from({ length: 4 }, (_, i) =>
          crm.POST('/api/v1/users', {
            body: {
              email: `emb.${round}.${i}@test.agency`,
              password: 'Passw0rd-embedded-1',
              fullName: `E ${i}`,
              role: 'operator',
            },
          }),
        );
        const statuses = (await Promise.all([...reads, ...writes])).map((r) => r.response.status);
        expect(statuses).toEqual([...reads.map(() => 200), ...writes.map(() => 201)]);
        const audit = await eventually(async () => {
          const r = await crm.GET('/api/v1/audit', { params: { query: { action: 'auth.logged-in' } } });
          return r.data!.total >= round ? r.data! : null;
        });
        expect(audit.total).toBe(round);
        expect((await crm.GET('/api/v1/audit/verify')).data!.ok).toBe(true);
      } catch (err) {
        console.error(app.output().slice(-4000));
        throw err;
      } finally {
        app.child.kill('SIGTERM');
      }
      expect(await exitOf(app.child)).toBe(0);
    }
  }, 420_000);
});

/**
 * Issue 11, item 8: DATA_DIR is locked by the running process (pid in the lock file), and the
 * password-less embedded database listens only on a unix socket in a 0700 directory, which
 * another local user cannot connect to.
 */
async function expectPrivateDatabase(dataDir: string, pid: number): Promise<void> {
  expect(readFileSync(join(dataDir, 'embedded-postgres.lock'), 'utf8').trim()).toBe(String(pid));
  const run = join(dataDir, 'run');
  expect(statSync(run).mode & 0o777).toBe(0o700);
  const [socket] = readdirSync(run).filter((f) => f.startsWith('.s.PGSQL.'));
  expect(statSync(join(run, socket)).isSocket()).toBe(true);
  if (process.getuid?.() !== 0) return; // needs another account to try with
  chmodSync(dataDir, 0o755); // even with DATA_DIR itself open to others
  const probe = `require('net').connect(${JSON.stringify(join(run, socket))})
    .on('connect', () => { console.log('CONNECTED'); process.exit(0); })
    .on('error', (e) => { console.log(e.code); process.exit(0); });`;
  const { stdout } = await promisify(execFile)('runuser', [
    '-u',
    'nobody',
    '--',
    process.execPath,
    '-e',
    probe,
  ]);
  expect(stdout.trim()).toBe('EACCES');
}
