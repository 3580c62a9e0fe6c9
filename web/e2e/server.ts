import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '..', '..');
export const ADMIN = { email: 'admin@e2e-agency.ru', password: 'E2e-Admin-Passw0rd!' };

/** The PostgreSQL server the tests use; a database name there must say "test". */
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function urlFor(db: string): string {
  const u = new URL(SERVER_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface RunningApp {
  base: string;
  database: string;
  stop(): Promise<void>;
}

/**
 * A fresh, empty database and the built app (`dist/main.js`, which serves `dist/web`) on it:
 * the app applies the migrations and creates the first admin, as on a real first start.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync(join(ROOT, 'dist', 'main.js')) || !existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('Build first: npm run build');
  }
  const database = `crm_test_web_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const port = 4100 + Math.floor(Math.random() * 800);
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: urlFor(database),
      DB_POOL_MAX: '5',
      JWT_ACCESS_SECRET: 'e2e-access-secret-0123456789abcdef0123456789',
      JWT_REFRESH_SECRET: 'e2e-refresh-secret-0123456789abcdef012345678',
      DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'crm-web-e2e-')),
      LOG_LEVEL: 'warn',
      PDF_RENDER_WORKERS: '1',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      ...env,
    },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      await new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      });
    }
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  };
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`app exited: ${out}`);
    }
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return { base, database, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`app did not become ready: ${out}`);
}
