import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCrmClient, type CrmClient } from '../../client';
import { createApp, type CreateAppOptions } from '../../src/bootstrap';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import type { Role } from '../../src/shared/domain/actor';
import { createTestDatabase, type TestDatabase } from './database';

export const ADMIN_EMAIL = 'admin@test.agency';
export const ADMIN_PASSWORD = 'Admin-Passw0rd-for-tests';
export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  baseUrl: string;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** A client signed in as the first admin. */
  admin: CrmClient;
  /** A fresh, anonymous client. */
  client(token?: string): CrmClient;
  /** Creates a user with this role (unique e-mail) and returns a client signed in as them. */
  userClient(role: Role): Promise<{ client: CrmClient; id: string; email: string; password: string }>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a database (e.g. a second replica on the same one); by default a fresh one is created. */
  db?: TestDatabase;
  /** Extra Nest modules, e.g. a probe subscriber. */
  imports?: CreateAppOptions['imports'];
}

let counter = 0;

export function testEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DB_POOL_MAX: '10',
    JWT_ACCESS_SECRET: 'test-access-secret-0123456789abcdef0123456789',
    JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdef012345678',
    DATA_ENCRYPTION_KEYS: `k1:${TEST_KEY}`,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'http',
    OUTBOX_POLL_INTERVAL_MS: '200',
    OUTBOX_RETRY_BASE_MS: '100',
    OUTBOX_RETRY_MAX_MS: '1000',
    ...extra,
  };
}

/** Boots the whole application on a fresh database copy and listens on a random loopback port. */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  // files (the local object store) go to a directory of this app's own, removed on close
  const ownDataDir = options.env?.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'crm-test-data-'));
  const env = ownDataDir ? { DATA_DIR: ownDataDir, ...options.env } : options.env;
  const config = loadConfig(testEnv(db.url, env), process.cwd());
  const logs: Array<Record<string, unknown>> = [];
  const app = await createApp(config, {
    console: process.env.CRM_TEST_LOGS === '1',
    sink: (entry) => logs.push(entry),
    imports: options.imports,
  });
  await app.listen(0, '127.0.0.1');
  // as in main.ts: the test process shares its event loop with the app, so a test that blocks it for
  // seconds (building a big file, pg_dump) left Node's 5-s keep-alive timer overdue, and it closed the
  // idle socket just as the next request was written on it (ECONNRESET)
  (app.getHttpServer() as { keepAliveTimeout: number }).keepAliveTimeout = 65_000;
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const client = (token?: string) => createCrmClient(baseUrl, { token });
  const admin = client();
  const login = await admin.POST('/api/v1/auth/login', {
    body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  });
  if (!login.data) throw new Error(`admin login failed: ${JSON.stringify(login.error)}`);
  admin.setToken(login.data.accessToken);

  return {
    app,
    config,
    db,
    baseUrl,
    logs,
    admin,
    client,
    async userClient(role: Role) {
      counter += 1;
      const email = `${role}.${process.pid}.${counter}.${Date.now()}@test.agency`;
      const password = `Passw0rd-${role}-${counter}-long`;
      const created = await admin.POST('/api/v1/users', {
        body: { email, password, fullName: `Test ${role} ${counter}`, role },
      });
      if (!created.data) throw new Error(`create user failed: ${JSON.stringify(created.error)}`);
      const c = client();
      const r = await c.POST('/api/v1/auth/login', { body: { email, password } });
      if (!r.data) throw new Error(`login failed: ${JSON.stringify(r.error)}`);
      c.setToken(r.data.accessToken);
      return { client: c, id: created.data.id, email, password };
    },
    async close() {
      await app.close();
      if (!options.db) await db.drop();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a truthy value (for effects of after-commit delivery). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
