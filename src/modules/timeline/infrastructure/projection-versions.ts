import type { ClientBase } from 'pg';

/**
 * The `projection_versions` table: the version of its rendering each read model was last built
 * with (a row per projection name, written by a rebuild in the rebuild's own transaction).
 */

/** The version `name` was last built with, or null if it never was (or before the table existed). */
export async function storedProjectionVersion(db: ClientBase, name: string): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    `SELECT version FROM projection_versions WHERE name = $1`,
    [name],
  );
  return rows.length > 0 ? rows[0].version : null;
}

/** Records that `name` is now built with `version` (on the caller's transaction, if any). */
export async function storeProjectionVersion(db: ClientBase, name: string, version: number): Promise<void> {
  await db.query(
    `INSERT INTO projection_versions (name, version, built_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, built_at = EXCLUDED.built_at`,
    [name, version],
  );
}
