/**
 * `manifest.json`, the only plain file of a backup: what it holds and how to check it, and nothing
 * personal (counts, checksums, versions, key ids and public keys only).
 */
export const MANIFEST_FORMAT = 'travel-crm-backup/1';
export const MANIFEST_FILE = 'manifest.json';

export type DatabaseDumpFormat = 'pg_dump-custom' | 'pglite-datadir';

export interface ArtefactEntry {
  /** File name inside the backup directory, e.g. `database.dump.age`. */
  name: string;
  kind: 'database' | 'objects';
  /** Size and SHA-256 of the encrypted file as written. */
  size: number;
  sha256: string;
}

export interface AuditHead {
  /** Entries in the chain (its last sequence number) and the last entry's id and hash; null when empty. */
  entries: number;
  lastId: string | null;
  lastHash: string | null;
}

export interface DatabaseFacts {
  /** `SHOW server_version`. */
  postgresVersion: string;
  /** Name of the last applied migration. */
  migrationHead: string | null;
  /** Row count of every table of the public schema. */
  tables: Record<string, number>;
  audit: AuditHead;
  /** Ids of the data-encryption keys that sealed values in the database (from every `key_id` column). */
  keyIds: string[];
}

export interface ObjectsFacts {
  count: number;
  bytes: number;
  /** SHA-256 of the sorted `<sha256>  <key>` lines of every object (the archive's SHA256SUMS). */
  digest: string;
}

export interface BackupManifest extends DatabaseFacts {
  format: typeof MANIFEST_FORMAT;
  appVersion: string;
  createdAt: string;
  databaseFormat: DatabaseDumpFormat;
  objects: ObjectsFacts;
  artefacts: ArtefactEntry[];
  encryption: { tool: 'age'; recipients: string[] };
  durationMs: number;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Parses and sanity-checks a manifest read from disk; artefact names may not leave the backup directory. */
export function parseManifest(text: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupError('manifest.json is not valid JSON');
  }
  if (m?.format !== MANIFEST_FORMAT)
    throw new BackupError(`manifest.json is not a ${MANIFEST_FORMAT} manifest`);
  if (!Array.isArray(m.artefacts) || m.artefacts.length === 0)
    throw new BackupError('manifest.json lists no artefacts');
  for (const a of m.artefacts) {
    if (typeof a.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(a.name) || a.name.startsWith('.')) {
      throw new BackupError(`manifest.json names an invalid artefact "${String(a.name)}"`);
    }
    if (!/^[0-9a-f]{64}$/.test(a.sha256) || !Number.isSafeInteger(a.size)) {
      throw new BackupError(`manifest.json has no valid size and sha256 for ${a.name}`);
    }
  }
  if (!m.artefacts.some((a) => a.kind === 'database'))
    throw new BackupError('manifest.json lists no database');
  return m;
}

/** Key ids the backup's data is sealed under that the configuration cannot open (restore refuses then). */
export function missingKeyIds(
  manifest: Pick<BackupManifest, 'keyIds'>,
  configured: readonly string[],
): string[] {
  return manifest.keyIds.filter((id) => !configured.includes(id));
}

/** Differences between what a manifest promised and what a restored copy holds, one line each. */
export function compareFacts(
  expected: Pick<BackupManifest, 'tables' | 'audit' | 'objects'>,
  actual: Pick<BackupManifest, 'tables' | 'audit' | 'objects'>,
): string[] {
  const out: string[] = [];
  const names = new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)]);
  for (const t of [...names].sort()) {
    if (expected.tables[t] !== actual.tables[t]) {
      out.push(
        `table ${t}: ${expected.tables[t] ?? 'absent'} rows in the manifest, ${actual.tables[t] ?? 'absent'} restored`,
      );
    }
  }
  for (const k of ['entries', 'lastId', 'lastHash'] as const) {
    if (expected.audit[k] !== actual.audit[k]) {
      out.push(
        `audit ${k}: ${String(expected.audit[k])} in the manifest, ${String(actual.audit[k])} restored`,
      );
    }
  }
  for (const k of ['count', 'bytes', 'digest'] as const) {
    if (expected.objects[k] !== actual.objects[k]) {
      out.push(`objects ${k}: ${expected.objects[k]} in the manifest, ${actual.objects[k]} restored`);
    }
  }
  return out;
}
