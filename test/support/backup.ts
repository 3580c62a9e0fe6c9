import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateAgeIdentity } from '../../src/modules/backup/infrastructure/age';
import type { ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { urlFor, withAdmin } from './database';

/** An age key pair in a temp directory: the recipient for BACKUP_AGE_RECIPIENTS, the file for BACKUP_AGE_IDENTITY_FILE. */
export async function ageKeyPair(): Promise<{ recipient: string; identityFile: string }> {
  const { identity, recipient } = await generateAgeIdentity();
  const dir = mkdtempSync(join(tmpdir(), 'crm-age-'));
  const identityFile = join(dir, 'backup.key');
  writeFileSync(identityFile, identity, { mode: 0o600 });
  return { recipient, identityFile };
}

/** A new, truly empty database (not from the migrated template), as on a new server; dropped by `drop`. */
export async function emptyDatabase(
  tag: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `crm_test_${tag}_${process.pid}_${Date.now().toString(36)}`;
  await withAdmin(async (c) => void (await c.query(`CREATE DATABASE "${name}"`)));
  return {
    name,
    url: urlFor(name),
    drop: () =>
      withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/** md5 of every row of every public table, ordered, per table: equal maps mean equal contents. */
export async function tableDigests(url: string): Promise<Record<string, string>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: tables } = await c.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const { rows } = await c.query<{ md5: string | null; n: string }>(
        `SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5, count(*) AS n FROM "${t}" x`,
      );
      out[t] = `${rows[0].n}:${rows[0].md5}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

/** sha256 of every object in a store, by key. */
export async function objectDigests(storage: ObjectStorage): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const { key } of storage.list()) {
    const h = createHash('sha256');
    for await (const chunk of await storage.get(key)) h.update(chunk as Buffer);
    out[key] = h.digest('hex');
  }
  return out;
}
