import { useIntDb } from '../../../../test/support/int-db';
import { insertClientRow } from '../../../../test/support/int-fixtures';
import { publicTables, readDatabaseFacts } from './database-facts';

describe('readDatabaseFacts on the migrated schema', () => {
  const db = useIntDb();
  const sql = () =>
    ({ query: async (text: string, params?: unknown[]) => ({ rows: await db().q(text, params) }) }) as never;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) await insertClientRow(db(), `Клиент ${i}`);
  });

  it('reads the facts a manifest keeps straight from the database', async () => {
    await db().q(`UPDATE clients SET pii = 'v1:k7:x', key_id = 'k7' WHERE full_name = 'Клиент 0'`);
    const facts = await readDatabaseFacts(sql());
    expect(facts.tables.clients).toBe(3);
    expect(facts.tables.schema_migrations).toBeGreaterThan(10);
    expect(facts.migrationHead).toMatch(/\d{13}$/);
    expect(facts.keyIds).toContain('k7');
    expect(facts.postgresVersion).toMatch(/^\d+/);
    expect(facts.audit).toEqual({ entries: 0, lastId: null, lastHash: null });
  });

  it('lists the public tables in name order', async () => {
    const tables = await publicTables(sql());
    expect(tables).toEqual([...tables].sort());
    expect(tables).toEqual(expect.arrayContaining(['clients', 'orders', 'outbox', 'schema_migrations']));
  });

  it('reads the audit chain head once entries exist', async () => {
    await db().q(`UPDATE audit_chain_head SET seq = 5, hash = 'head-hash' WHERE id = 1`);
    const facts = await readDatabaseFacts(sql());
    expect(facts.audit).toEqual({ entries: 5, lastId: null, lastHash: 'head-hash' });
    await db().q(`UPDATE audit_chain_head SET seq = 0, hash = repeat('0', 64) WHERE id = 1`);
  });
});
