import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { urlFor, withAdmin } from '../../../test/support/database';
import { createDataSource, runMigrationsLocked } from './data-source.factory';

const MIGRATION_FILES = readdirSync(join(__dirname, '..', '..', '..', 'migrations'))
  .filter((f) => /^\d+-.*\.ts$/.test(f))
  .sort();

async function objects(ds: DataSource): Promise<{ tables: string[]; functions: string[]; types: string[] }> {
  const tables = (
    (await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    )) as Array<{ table_name: string }>
  ).map((r) => r.table_name);
  const functions = (
    (await ds.query(
      `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        ORDER BY 1`,
    )) as Array<{ proname: string }>
  ).map((r) => r.proname);
  const types = (
    (await ds.query(
      `SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
        ORDER BY 1`,
    )) as Array<{ typname: string }>
  ).map((r) => r.typname);
  return { tables, functions, types };
}

/** The real migrations: up from an empty database, every down back to empty, and up again. */
describe('migrations (up from empty, down to empty, up again)', () => {
  const name = `crm_test_migrations_${process.pid}_${randomBytes(3).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    await withAdmin(async (c) => void (await c.query(`CREATE DATABASE "${name}"`)));
    ds = createDataSource({ url: urlFor(name), poolMax: 2, applicationName: 'migrations-int-spec' });
    await ds.initialize();
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  });

  let upSchema: Awaited<ReturnType<typeof objects>>;

  it('applies every migration file in timestamp order on an empty database and records each once', async () => {
    expect((await objects(ds)).tables).toEqual([]);
    const applied = await runMigrationsLocked(ds);
    expect(applied).toHaveLength(MIGRATION_FILES.length);
    const timestamps = applied.map((m) => m.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(timestamps).toEqual(MIGRATION_FILES.map((f) => Number(f.split('-')[0])));

    const recorded = (await ds.query(`SELECT timestamp, name FROM schema_migrations ORDER BY id`)) as Array<{
      timestamp: string;
      name: string;
    }>;
    expect(recorded.map((r) => Number(r.timestamp))).toEqual(timestamps);
    expect(new Set(recorded.map((r) => r.name)).size).toBe(recorded.length);

    upSchema = await objects(ds);
    // the tables every module's repository writes to exist
    for (const t of [
      'users',
      'refresh_tokens',
      'login_attempts',
      'outbox',
      'inbox',
      'audit_log',
      'clients',
      'client_files',
      'client_import_jobs',
      'applications',
      'orders',
      'order_services',
      'order_timeline',
      'documents',
      'document_versions',
      'payments',
      'finance_orders',
      'rates',
      'integration_settings',
      'telegram_outgoing',
      'inbound_messages',
      'document_regeneration_requests',
      'privacy_cross_border_transfers',
    ]) {
      expect(upSchema.tables).toContain(t);
    }
  });

  it('finds nothing to do a second time (idempotent start-up)', async () => {
    expect(await runMigrationsLocked(ds)).toEqual([]);
    expect(await ds.showMigrations()).toBe(false);
  });

  it('reverts every migration with its down() back to an empty schema', async () => {
    for (let left = MIGRATION_FILES.length; left > 0; left--) {
      await ds.undoLastMigration({ transaction: 'each' });
      const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM schema_migrations`)) as Array<{
        n: number;
      }>;
      expect(n).toBe(left - 1);
    }
    const after = await objects(ds);
    expect(after.tables).toEqual(['schema_migrations']);
    expect(after.functions).toEqual([]);
    expect(after.types).toEqual([]);
    // extensions (pg_trgm) stay: CREATE EXTENSION IF NOT EXISTS is shared and harmless
  });

  it('migrates up again after the downs to the very same schema', async () => {
    const applied = await runMigrationsLocked(ds);
    expect(applied).toHaveLength(MIGRATION_FILES.length);
    expect(await objects(ds)).toEqual(upSchema);
  });
});
