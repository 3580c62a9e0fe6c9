import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** The server the tests use; its database name must say "test" (the suite refuses anything else). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function assertTestServer(url = TEST_SERVER_URL): void {
  const db = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(db)) {
    throw new Error(`Refusing to run tests against database "${db}": its name must contain "test"`);
  }
}

export function urlFor(database: string): string {
  const u = new URL(TEST_SERVER_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Template name from the migrations' contents: a changed migration builds a fresh template. */
export function templateName(): string {
  const dir = resolve(__dirname, '..', '..', 'migrations');
  const h = createHash('sha256');
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    h.update(f).update(readFileSync(join(dir, f)));
  }
  return `crm_test_tpl_${h.digest('hex').slice(0, 12)}`;
}

export async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: TEST_SERVER_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, copied from the migrated template (fast: no migrations). */
export async function createTestDatabase(): Promise<TestDatabase> {
  assertTestServer();
  const run = process.env.CRM_TEST_RUN ?? 'local';
  const name = `crm_test_${run}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const template = templateName();
  await withAdmin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (err) {
        // two workers copying the template at the same instant: retry shortly
        if (attempt < 20 && /being accessed by other users/.test((err as Error).message)) {
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
          continue;
        }
        throw err;
      }
    }
  });
  return {
    name,
    url: urlFor(name),
    drop: () =>
      withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
