import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import type { AppConfig } from '../../../config/app-config';
import { startEmbeddedPostgres } from '../../../shared/database/embedded-postgres';
import { S3ObjectStorage } from '../../../shared/storage/s3-object.storage';
import {
  type ArtefactEntry,
  type BackupManifest,
  type DatabaseFacts,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  parseManifest,
} from '../domain/backup-manifest';
import { type BackupRef, backupsToDelete } from '../domain/retention-policy';
import { encryptToFile } from './age';
import { readDatabaseFacts } from './database-facts';
import { type ArchiveObject, writeObjectArchive } from './object-archive';
import { pgDump } from './pg-tools';
import type { OperationContext } from './backup.types';

export const DB_ARTEFACT = { postgres: 'database.dump.age', embedded: 'database.pglite.tar.age' } as const;
export const OBJECTS_ARTEFACT = 'objects.tar.age';
const NAME_RE = /^crm-\d{8}T\d{6}(\d{3})?Z$/;

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  deleted: string[];
}

/** package.json's version, read without loading the app. */
function appVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../../package.json') as { version: string }).version;
}

function backupName(at: Date): string {
  return `crm-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1Z')}`;
}

/**
 * One backup: the database (pg_dump -Fc in a snapshot, or the embedded database's data directory)
 * and every stored object, each encrypted with age to BACKUP_AGE_RECIPIENTS, plus a plain
 * manifest. Written into `<name>.partial` and renamed when complete, so a directory without the
 * suffix is always a whole backup. Then the retention policy prunes older backups.
 */
export async function createBackup(
  ctx: OperationContext,
  now: () => Date = () => new Date(),
): Promise<BackupResult> {
  const { config } = ctx;
  const recipients = config.backup.ageRecipients;
  if (recipients.length === 0) throw new Error('BACKUP_AGE_RECIPIENTS is required to back up');
  const started = now();
  const name = backupName(started);
  const partial = join(config.backup.dir, `${name}.partial`);
  await mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    const artefacts: ArtefactEntry[] = [];
    let bytes = 0;
    const report = (phase: 'database' | 'objects', objects: number) =>
      ctx.progress?.({ phase, bytes, objects });

    let facts: DatabaseFacts;
    if (ctx.database.kind === 'postgres') {
      const dbName = DB_ARTEFACT.postgres;
      facts = await dumpPostgres(ctx.database.url, async (stream) => {
        const r = await encryptToFile(stream, recipients, join(partial, dbName), (n) => {
          bytes += n;
          report('database', 0);
        });
        artefacts.push({ name: dbName, kind: 'database', ...r });
      });
    } else {
      const dbName = DB_ARTEFACT.embedded;
      const tarball = await ctx.database.db.dump();
      facts = await factsOfDataDir(tarball);
      const r = await encryptToFile(
        Readable.fromWeb(tarball.stream() as Parameters<typeof Readable.fromWeb>[0]),
        recipients,
        join(partial, dbName),
        (n) => {
          bytes += n;
          report('database', 0);
        },
      );
      artefacts.push({ name: dbName, kind: 'database', ...r });
    }

    bytes = 0;
    let objects = 0;
    const storage = ctx.storage;
    async function* listed(): AsyncGenerator<ArchiveObject> {
      for await (const { key } of storage.list()) {
        const info = await storage.stat(key);
        if (!info) continue; // deleted since it was listed
        yield { key, size: info.size, contentType: info.contentType, open: () => storage.get(key) };
      }
    }
    const archive = writeObjectArchive(listed(), (_key, size) => {
      objects += 1;
      bytes += size;
      report('objects', objects);
    });
    const r = await encryptToFile(archive.stream, recipients, join(partial, OBJECTS_ARTEFACT));
    artefacts.push({ name: OBJECTS_ARTEFACT, kind: 'objects', ...r });
    const totals = await archive.totals;

    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      appVersion: appVersion(),
      createdAt: started.toISOString(),
      databaseFormat: ctx.database.kind === 'postgres' ? 'pg_dump-custom' : 'pglite-datadir',
      ...facts,
      objects: { count: totals.count, bytes: totals.bytes, digest: totals.digest },
      artefacts,
      encryption: { tool: 'age', recipients: [...recipients] },
      durationMs: now().getTime() - started.getTime(),
    };
    await writeFile(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const dir = join(config.backup.dir, name);
    await rename(partial, dir);
    if (config.backup.s3Bucket) await copyToBucket(config, dir, name);
    const deleted = await applyRetention(ctx);
    return { dir, manifest, deleted };
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Facts and dump from one snapshot: a REPEATABLE READ transaction exports its snapshot, counts in
 * it, and pg_dump dumps exactly that snapshot while the transaction stays open.
 */
async function dumpPostgres(url: string, write: (stream: Readable) => Promise<void>): Promise<DatabaseFacts> {
  const client = new Client({ connectionString: url, application_name: 'travel-crm-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const { rows } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
    const dump = pgDump(url, rows[0].snapshot);
    let facts: DatabaseFacts;
    try {
      [facts] = await Promise.all([readDatabaseFacts(client), write(dump.stream), dump.done]);
    } catch (err) {
      dump.kill(); // nobody reads its output any more
      throw err;
    }
    await client.query('COMMIT');
    return facts;
  } finally {
    await client.end();
  }
}

/** Facts of an embedded database's data directory, read from a throw-away copy of it in memory. */
export async function factsOfDataDir(tarball: Blob): Promise<DatabaseFacts> {
  const copy = await startEmbeddedPostgres(null, 2, { loadDataDir: tarball });
  try {
    const client = new Client({ connectionString: copy.url });
    await client.connect();
    try {
      return await readDatabaseFacts(client);
    } finally {
      await client.end();
    }
  } finally {
    await copy.stop();
  }
}

/** Complete backups under BACKUP_DIR, newest first (a directory with a readable manifest). */
export async function listBackups(dir: string): Promise<Array<BackupRef & { manifest: BackupManifest }>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: Array<BackupRef & { manifest: BackupManifest }> = [];
  for (const n of names.filter((n) => NAME_RE.test(n))) {
    try {
      const manifest = parseManifest(await readFile(join(dir, n, MANIFEST_FILE), 'utf8'));
      out.push({ id: n, createdAt: new Date(manifest.createdAt), manifest });
    } catch {
      // not a backup of ours, or damaged: never deleted by retention
    }
  }
  return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

async function applyRetention(ctx: OperationContext): Promise<string[]> {
  const dir = ctx.config.backup.dir;
  const doomed = backupsToDelete(await listBackups(dir), ctx.config.backup.retention);
  for (const b of doomed) await rm(join(dir, b.id), { recursive: true, force: true });
  const bucket = backupBucket(ctx.config);
  if (bucket) {
    for (const b of doomed) {
      const keys: string[] = [];
      for await (const o of bucket.client.listObjectsV2(bucket.bucket, `${b.id}/`, true) as AsyncIterable<{
        name?: string;
      }>) {
        if (o.name) keys.push(o.name);
      }
      if (keys.length) await bucket.client.removeObjects(bucket.bucket, keys);
    }
  }
  return doomed.map((b) => b.id);
}

function backupBucket(config: AppConfig): S3ObjectStorage | null {
  if (!config.backup.s3Bucket || !config.s3) return null;
  return new S3ObjectStorage({ ...config.s3, bucket: config.backup.s3Bucket });
}

/** BACKUP_S3_BUCKET: the finished backup's files under `<name>/` (manifest last, so it marks a whole copy). */
async function copyToBucket(config: AppConfig, dir: string, name: string): Promise<void> {
  const bucket = backupBucket(config)!;
  await bucket.start();
  const files = (await readdir(dir)).sort(
    (a, b) => Number(a === MANIFEST_FILE) - Number(b === MANIFEST_FILE),
  );
  for (const f of files) await bucket.client.fPutObject(bucket.bucket, `${name}/${f}`, join(dir, f), {});
}
