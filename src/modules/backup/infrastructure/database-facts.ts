import type { AuditHead, DatabaseFacts } from '../domain/backup-manifest';

/** Anything that runs SQL and returns rows: a `pg` client or PGlite. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function publicTables(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  return rows.map((r) => r.name);
}

/**
 * What a manifest records about a database, read in the caller's transaction (the backup reads it
 * in the snapshot pg_dump dumps): counts per table, the audit chain's head, the migration head and
 * every key id that sealed data (every `key_id` column of the public schema).
 */
export async function readDatabaseFacts(sql: Sql): Promise<DatabaseFacts> {
  const tables: Record<string, number> = {};
  for (const t of await publicTables(sql)) {
    const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(t)}`);
    tables[t] = Number(rows[0].n);
  }
  const [{ server_version: postgresVersion }] = (
    await sql.query<{ server_version: string }>(`SHOW server_version`)
  ).rows;
  let migrationHead: string | null = null;
  if ('schema_migrations' in tables) {
    const { rows } = await sql.query<{ name: string }>(
      `SELECT name FROM schema_migrations ORDER BY timestamp DESC, id DESC LIMIT 1`,
    );
    migrationHead = rows[0]?.name ?? null;
  }
  let audit: AuditHead = { entries: 0, lastId: null, lastHash: null };
  if ('audit_chain_head' in tables && 'audit_log' in tables) {
    const { rows } = await sql.query<{ seq: string; hash: string; id: string | null }>(
      `SELECT h.seq, h.hash, l.id FROM audit_chain_head h LEFT JOIN audit_log l ON l.seq = h.seq WHERE h.id = 1`,
    );
    if (rows[0] && Number(rows[0].seq) > 0) {
      audit = { entries: Number(rows[0].seq), lastId: rows[0].id, lastHash: rows[0].hash };
    }
  }
  const { rows: keyCols } = await sql.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN pg_tables t ON t.schemaname = c.table_schema AND t.tablename = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name = 'key_id' ORDER BY c.table_name`,
  );
  const keyIds = new Set<string>();
  for (const { table_name } of keyCols) {
    const { rows } = await sql.query<{ key_id: string }>(
      `SELECT DISTINCT key_id FROM ${ident(table_name)} WHERE key_id IS NOT NULL`,
    );
    for (const r of rows) keyIds.add(r.key_id);
  }
  return { postgresVersion, migrationHead, tables, audit, keyIds: [...keyIds].sort() };
}
