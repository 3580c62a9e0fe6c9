import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from './config/app-config';
import { configFromEnvironment } from './config/env';
import type { BackupProgress, DatabaseTarget } from './modules/backup/infrastructure/backup.types';
import { createBackup } from './modules/backup/infrastructure/create-backup';
import { restoreBackup, verifyBackup } from './modules/backup/infrastructure/restore-backup';
import { startEmbeddedPostgres } from './shared/database/embedded-postgres';
import { DownloadTokenSigner } from './shared/storage/download-token';
import { join } from 'node:path';
import { LocalDirectoryStorage } from './shared/storage/local-directory.storage';
import { S3ObjectStorage } from './shared/storage/s3-object.storage';

/**
 * Operations from the command line: `node dist/cli.js backup | restore <dir> | backup:verify <dir>`
 * (`npm run backup`, `npm run restore -- <dir>`, `npm run backup:verify -- <dir>`). Configuration
 * comes from the environment as for the app. Progress goes to stderr on a terminal; the last line
 * on stdout is the summary (for `backup`, the new backup's directory after it). Exit 0 on success,
 * 1 on any failure or difference, 64 on a usage error.
 */
const USAGE = 'usage: cli.js backup | restore <backup dir> | backup:verify <backup dir>';

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

function progressPrinter(): ((p: BackupProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    process.stderr.write(`\r\x1b[K${p.phase}: ${mib(p.bytes)}${p.objects ? `, ${p.objects} objects` : ''}`);
  };
}

function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

async function storageFor(config: AppConfig) {
  // the adapters of createStorageAdapter, built here without loading the Nest storage module
  const storage = config.s3
    ? new S3ObjectStorage(config.s3)
    : new LocalDirectoryStorage({
        root: join(config.dataDir, 'files'),
        publicBaseUrl: config.publicBaseUrl,
        signer: new DownloadTokenSigner(randomBytes(32).toString('hex')),
      });
  await storage.start();
  return storage;
}

function rows(tables: Record<string, number>): number {
  return Object.values(tables).reduce((a, b) => a + b, 0);
}

export async function runCli(argv: string[], config: AppConfig = configFromEnvironment()): Promise<number> {
  const [command, arg] = argv;
  const started = Date.now();
  const log = (line: string) => console.log(line);
  const progress = progressPrinter();
  const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  switch (command) {
    case 'backup': {
      const storage = await storageFor(config);
      // without DATABASE_URL the CLI opens the embedded database itself: the app must be stopped
      // (or use BACKUP_SCHEDULE, which dumps it from inside the running app)
      const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, 2);
      try {
        const database: DatabaseTarget = embedded
          ? { kind: 'embedded', db: embedded }
          : { kind: 'postgres', url: config.databaseUrl! };
        const r = await createBackup({ config, storage, database, progress, log });
        clearProgress();
        const size = r.manifest.artefacts.reduce((a, b) => a + b.size, 0);
        if (r.deleted.length)
          log(`retention removed ${r.deleted.length} old backup(s): ${r.deleted.join(', ')}`);
        log(
          `backup ok: ${Object.keys(r.manifest.tables).length} tables, ${rows(r.manifest.tables)} rows, ` +
            `${r.manifest.objects.count} objects (${mib(r.manifest.objects.bytes)}), ${mib(size)} encrypted, in ${secs()}`,
        );
        log(r.dir);
        return 0;
      } finally {
        await embedded?.stop();
      }
    }
    case 'restore': {
      if (!arg) throw new UsageError();
      const storage = await storageFor(config);
      const r = await restoreBackup(
        {
          config,
          storage,
          database: config.databaseUrl
            ? { kind: 'postgres', url: config.databaseUrl }
            : { kind: 'embedded', dataDir: config.dataDir },
          progress,
          log,
        },
        arg,
      );
      clearProgress();
      for (const [t, n] of Object.entries(r.restored.tables)) log(`  ${t}: ${n}`);
      if (r.migrationsApplied.length)
        log(`applied ${r.migrationsApplied.length} newer migration(s): ${r.migrationsApplied.join(', ')}`);
      log(
        `restore ok: ${rows(r.restored.tables)} rows in ${Object.keys(r.restored.tables).length} tables, ` +
          `${r.restored.audit.entries} audit entries, ${r.restored.objects.count} objects (${mib(r.restored.objects.bytes)}) in ${secs()}`,
      );
      return 0;
    }
    case 'backup:verify': {
      if (!arg) throw new UsageError();
      const r = await verifyBackup(config, arg, { progress, log });
      clearProgress();
      for (const d of r.differences) log(`DIFFERENCE ${d}`);
      const ok = r.differences.length === 0;
      log(
        `verify ${ok ? 'ok' : 'FAILED'}: ${rows(r.manifest.tables)} rows, audit chain ${r.audit.ok ? 'intact' : 'broken'} ` +
          `(${r.audit.checked} entries), ${r.manifest.objects.count} objects${ok ? ' match' : ''}, in ${secs()}`,
      );
      return ok ? 0 : 1;
    }
    default:
      throw new UsageError();
  }
}

class UsageError extends Error {
  constructor() {
    super(USAGE);
  }
}

export function cliMain(argv = process.argv.slice(2)): void {
  runCli(argv)
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      clearProgress();
      const msg = err instanceof Error ? err.message : String(err);
      console.error(msg);
      console.log(`${argv[0] ?? 'cli'} failed: ${msg.split('\n')[0]}`);
      process.exit(err instanceof UsageError ? 64 : 1);
    });
}

if (require.main === module) cliMain();
