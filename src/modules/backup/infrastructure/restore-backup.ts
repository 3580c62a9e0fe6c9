import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../../../config/app-config';
import { DataSource } from 'typeorm';
import { MIGRATIONS_GLOB } from '../../../shared/database/migrations-path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../shared/database/embedded-postgres';
import { DownloadTokenSigner } from '../../../shared/storage/download-token';
import { LocalDirectoryStorage } from '../../../shared/storage/local-directory.storage';
import type { ObjectStorage } from '../../../shared/storage/object-storage.port';
import {
  AUDIT_CHAIN_SQL,
  AUDIT_HEAD_SQL,
  type AuditVerification,
  type StoredAuditEntry,
  verifyAuditChain,
} from '../../audit/contracts/audit.chain';
import {
  type ArtefactEntry,
  type BackupManifest,
  BackupError,
  compareFacts,
  type DatabaseFacts,
  MANIFEST_FILE,
  missingKeyIds,
  type ObjectsFacts,
  parseManifest,
} from '../domain/backup-manifest';
import { decryptFile, fileDigest } from './age';
import { publicTables, readDatabaseFacts } from './database-facts';
import { readObjectArchive, sumsOf } from './object-archive';
import { pgRestore } from './pg-tools';
import type { BackupProgress } from './backup.types';

/** Where a restore writes: an empty PostgreSQL database by URL or a new embedded database, and an empty store. */
export type RestoreDatabase = { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };

export interface RestoreContext {
  config: AppConfig;
  storage: ObjectStorage;
  database: RestoreDatabase;
  progress?: (p: BackupProgress) => void;
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  restored: Pick<BackupManifest, 'tables' | 'audit' | 'objects'>;
  migrationsApplied: string[];
}

/**
 * Reads the manifest and checks, before anything is written: every artefact's size and SHA-256,
 * the identity file, and that DATA_ENCRYPTION_KEYS holds every key id the data is sealed under.
 */
export async function checkBackup(config: AppConfig, backupDir: string): Promise<BackupManifest> {
  const path = join(backupDir, MANIFEST_FILE);
  if (!existsSync(path)) throw new BackupError(`${backupDir} is not a backup: it has no ${MANIFEST_FILE}`);
  const manifest = parseManifest(await readFile(path, 'utf8'));
  for (const a of manifest.artefacts) {
    const file = join(backupDir, a.name);
    if (!existsSync(file)) throw new BackupError(`artefact ${a.name} is missing from ${backupDir}`);
    const actual = await fileDigest(file);
    if (actual.size !== a.size || actual.sha256 !== a.sha256) {
      throw new BackupError(
        `artefact ${a.name} does not match its checksum in the manifest (damaged or altered): nothing was restored`,
      );
    }
  }
  const missing = missingKeyIds(
    manifest,
    config.encryptionKeys.map((k) => k.id),
  );
  if (missing.length > 0) {
    throw new BackupError(
      `the backup holds data sealed under key id(s) ${missing.join(', ')} that DATA_ENCRYPTION_KEYS does not contain: ` +
        'add the key(s) kept with your secrets and run again; nothing was restored',
    );
  }
  if (!config.backup.ageIdentityFile)
    throw new BackupError('BACKUP_AGE_IDENTITY_FILE is required to restore or verify');
  if (!existsSync(config.backup.ageIdentityFile)) {
    throw new BackupError(`BACKUP_AGE_IDENTITY_FILE ${config.backup.ageIdentityFile} does not exist`);
  }
  return manifest;
}

function artefact(manifest: BackupManifest, kind: ArtefactEntry['kind']): ArtefactEntry | undefined {
  return manifest.artefacts.find((a) => a.kind === kind);
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url, application_name: 'travel-crm-restore' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function assertEmptyTarget(ctx: RestoreContext, manifest: BackupManifest): Promise<void> {
  const wanted = ctx.database.kind === 'postgres' ? 'pg_dump-custom' : 'pglite-datadir';
  if (manifest.databaseFormat !== wanted) {
    throw new BackupError(
      manifest.databaseFormat === 'pglite-datadir'
        ? 'this backup is of the embedded database: restore it without DATABASE_URL (into DATA_DIR)'
        : 'this backup is of a PostgreSQL server: restore it with DATABASE_URL set to an empty database',
    );
  }
  if (ctx.database.kind === 'postgres') {
    const tables = await withClient(ctx.database.url, publicTables);
    if (tables.length > 0) {
      throw new BackupError(
        `refusing to restore: the database at DATABASE_URL is not empty (${tables.length} tables); ` +
          'create a new empty database (createdb) and point DATABASE_URL at it',
      );
    }
  } else {
    const dir = join(ctx.database.dataDir, 'pgdata');
    if (existsSync(dir) && (await readdir(dir)).length > 0) {
      throw new BackupError(
        `refusing to restore: the embedded database ${dir} already exists; move it away first`,
      );
    }
  }
  for await (const o of ctx.storage.list()) {
    throw new BackupError(
      `refusing to restore: the object storage is not empty (it holds ${o.key} and maybe more)`,
    );
  }
}

/** The facts of a restored database and its audit chain verified from its rows. */
async function inspect(url: string): Promise<{ facts: DatabaseFacts; audit: AuditVerification }> {
  return withClient(url, async (c) => {
    const facts = await readDatabaseFacts(c);
    const [head] = (await c.query<{ seq: string; hash: string }>(AUDIT_HEAD_SQL)).rows;
    const audit = head
      ? await verifyAuditChain(
          { seq: Number(head.seq), hash: head.hash },
          async (after, limit) =>
            (await c.query<StoredAuditEntry>(AUDIT_CHAIN_SQL, [after, limit, head.seq])).rows,
        )
      : { ok: true, checked: 0 };
    return { facts, audit };
  });
}

async function restoreDatabase(
  ctx: RestoreContext,
  backupDir: string,
  manifest: BackupManifest,
  scratch = false,
): Promise<{ url: string; embedded: EmbeddedPostgres | null }> {
  const a = artefact(manifest, 'database')!;
  const identity = ctx.config.backup.ageIdentityFile;
  let bytes = 0;
  const counted = decryptFile(join(backupDir, a.name), identity).on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    ctx.progress?.({ phase: 'restoring database', bytes, objects: 0 });
  });
  if (ctx.database.kind === 'postgres') {
    await pgRestore(ctx.database.url, counted, { scratch });
    return { url: ctx.database.url, embedded: null };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of counted) chunks.push(chunk as Buffer);
  const embedded = await startEmbeddedPostgres(ctx.database.dataDir, 2, { loadDataDir: new Blob(chunks) });
  return { url: embedded.url, embedded };
}

/**
 * Streams the archive's objects into the store; returns the count, bytes and checksum digest of
 * the bytes as they were written (hashed on the way in, checked against the archive's SHA256SUMS).
 */
async function restoreObjects(
  ctx: RestoreContext,
  backupDir: string,
  manifest: BackupManifest,
): Promise<ObjectsFacts> {
  const a = artefact(manifest, 'objects');
  if (!a) return { count: 0, bytes: 0, digest: sumsOf(new Map()).digest };
  let objects = 0;
  let bytes = 0;
  return readObjectArchive(decryptFile(join(backupDir, a.name), ctx.config.backup.ageIdentityFile), {
    object: async (o) => {
      await ctx.storage.put({ key: o.key, body: o.body, contentType: o.contentType, size: o.size });
      objects += 1;
      bytes += o.size;
      ctx.progress?.({ phase: 'restoring objects', bytes, objects });
    },
  });
}

/** Re-reads every object of a store and returns the same figures the manifest keeps. */
export async function objectsFactsOf(storage: ObjectStorage): Promise<ObjectsFacts> {
  const sums = new Map<string, string>();
  let bytes = 0;
  for await (const { key } of storage.list()) {
    const h = createHash('sha256');
    for await (const chunk of await storage.get(key)) {
      h.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    sums.set(key, h.digest('hex'));
  }
  return { count: sums.size, bytes, digest: sumsOf(sums).digest };
}

/**
 * `npm run restore`: checks the backup, refuses a non-empty target, restores the database (in one
 * transaction) and the objects, compares the counts with the manifest, then runs newer migrations.
 */
export async function restoreBackup(ctx: RestoreContext, backupDir: string): Promise<RestoreResult> {
  const log = ctx.log ?? (() => undefined);
  const manifest = await checkBackup(ctx.config, backupDir);
  await assertEmptyTarget(ctx, manifest);
  log(
    `restoring backup of ${manifest.createdAt} (app ${manifest.appVersion}, migration ${manifest.migrationHead})`,
  );
  const { url, embedded } = await restoreDatabase(ctx, backupDir, manifest);
  try {
    await restoreObjects(ctx, backupDir, manifest);
    ctx.progress?.({ phase: 'comparing', bytes: 0, objects: 0 });
    const { facts, audit } = await inspect(url);
    const objects = await objectsFactsOf(ctx.storage);
    const restored = { tables: facts.tables, audit: facts.audit, objects };
    const diffs = compareFacts(manifest, restored);
    if (!audit.ok) diffs.push(`audit chain broken at ${audit.brokenAt ?? 'its end'}: ${audit.reason}`);
    if (diffs.length > 0)
      throw new BackupError(`the restored data differs from the manifest:\n  ${diffs.join('\n  ')}`);
    ctx.progress?.({ phase: 'migrating', bytes: 0, objects: 0 });
    // migrations only: no entities, so the CLI does not load the app's modules
    const ds = new DataSource({
      type: 'postgres',
      url,
      migrations: [MIGRATIONS_GLOB],
      migrationsTableName: 'schema_migrations',
      migrationsTransactionMode: 'each',
      extra: { max: 1, application_name: 'travel-crm-restore' },
    });
    await ds.initialize();
    let migrationsApplied: string[];
    try {
      migrationsApplied = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await ds.destroy();
    }
    return { manifest, restored, migrationsApplied };
  } finally {
    await embedded?.stop();
  }
}

export interface VerifyResult {
  manifest: BackupManifest;
  differences: string[];
  audit: AuditVerification;
}

/**
 * `npm run backup:verify`: a real restore into a scratch database (a new database on the server
 * of DATABASE_URL, or an embedded one in a temp directory) and a scratch local store, then
 * compares counts, the audit head and object checksums with the manifest and re-verifies the
 * audit chain; the scratch copies are dropped whatever happens.
 */
export async function verifyBackup(
  config: AppConfig,
  backupDir: string,
  options: { progress?: (p: BackupProgress) => void; log?: (line: string) => void } = {},
): Promise<VerifyResult> {
  /** Each phase's wall time, logged as it ends (`backup:verify` prints them). */
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    const result = await work();
    options.log?.(`phase ${phase}: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    return result;
  };
  const manifest = await timed('artefact checksums', () => checkBackup(config, backupDir));
  const scratch = await mkdtemp(join(tmpdir(), 'crm-verify-'));
  const storage = new LocalDirectoryStorage({
    root: join(scratch, 'files'),
    publicBaseUrl: 'http://127.0.0.1',
    signer: new DownloadTokenSigner(randomBytes(32).toString('hex')),
    // a scratch copy, deleted at the end: no fsync per object (the checksums are taken on the way in)
    durable: false,
  });
  await storage.start();
  let dropDb: (() => Promise<void>) | null = null;
  try {
    let database: RestoreDatabase;
    if (manifest.databaseFormat === 'pg_dump-custom') {
      if (!config.databaseUrl)
        throw new BackupError(
          'verifying a PostgreSQL backup needs DATABASE_URL (its server hosts the scratch database)',
        );
      const name = `crm_verify_${Date.now()}_${randomBytes(4).toString('hex')}`;
      await withClient(config.databaseUrl, async (c) => void (await c.query(`CREATE DATABASE "${name}"`)));
      dropDb = () =>
        withClient(
          config.databaseUrl!,
          async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
        );
      const u = new URL(config.databaseUrl);
      u.pathname = `/${name}`;
      database = { kind: 'postgres', url: u.toString() };
    } else {
      database = { kind: 'embedded', dataDir: join(scratch, 'db') };
    }
    const ctx: RestoreContext = { config, storage, database, progress: options.progress, log: options.log };
    await assertEmptyTarget(ctx, manifest);
    // the database (pg_restore and the server's index builds) and the objects (age and this
    // process) use different processes: restore both at once
    const [db, files] = await Promise.allSettled([
      timed('database restored', () => restoreDatabase(ctx, backupDir, manifest, true)),
      timed('objects restored and hashed', () => restoreObjects(ctx, backupDir, manifest)),
    ]);
    if (db.status === 'rejected' || files.status === 'rejected') {
      if (db.status === 'fulfilled') await db.value.embedded?.stop();
      throw db.status === 'rejected' ? db.reason : (files as PromiseRejectedResult).reason;
    }
    const { url, embedded } = db.value;
    const objects = files.value;
    try {
      options.progress?.({ phase: 'comparing', bytes: 0, objects: 0 });
      const { facts, audit } = await timed('counts and audit chain', () => inspect(url));
      // the checksums were taken from the bytes as they streamed into the scratch store; the store
      // must also list exactly those objects
      const listed = await timed('scratch store listed', async () => {
        let n = 0;
        for await (const _ of storage.list()) n += 1;
        return n;
      });
      const differences = compareFacts(manifest, { tables: facts.tables, audit: facts.audit, objects });
      if (listed !== objects.count)
        differences.push(`objects: ${objects.count} restored but ${listed} in the scratch store`);
      if (!audit.ok)
        differences.push(`audit chain broken at ${audit.brokenAt ?? 'its end'}: ${audit.reason}`);
      return { manifest, differences, audit };
    } finally {
      await embedded?.stop();
    }
  } finally {
    await timed('scratch copies dropped', async () => {
      if (dropDb) await dropDb();
      await rm(scratch, { recursive: true, force: true });
    });
  }
}
