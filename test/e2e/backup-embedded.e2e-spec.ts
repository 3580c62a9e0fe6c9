import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { createBackup } from '../../src/modules/backup/infrastructure/create-backup';
import { restoreBackup, verifyBackup } from '../../src/modules/backup/infrastructure/restore-backup';
import { startEmbeddedPostgres } from '../../src/shared/database/embedded-postgres';
import { MIGRATIONS_GLOB } from '../../src/shared/database/migrations-path';
import { DownloadTokenSigner } from '../../src/shared/storage/download-token';
import { LocalDirectoryStorage } from '../../src/shared/storage/local-directory.storage';
import { ageKeyPair, objectDigests } from '../support/backup';
import { testEnv } from '../support/test-app';

const storageAt = (dataDir: string) =>
  new LocalDirectoryStorage({
    root: join(dataDir, 'files'),
    publicBaseUrl: 'http://127.0.0.1',
    signer: new DownloadTokenSigner('x'.repeat(32)),
  });

async function query<R>(url: string, sql: string): Promise<R[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as R[];
  } finally {
    await c.end();
  }
}

describe('backup of the embedded database (e2e)', () => {
  const dirs: string[] = [];
  const newDir = (tag: string) => {
    const d = mkdtempSync(join(tmpdir(), `crm-${tag}-`));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('backs up PGlite with its own dump and restores it into a new embedded database when DATABASE_URL is unset', async () => {
    const keys = await ageKeyPair();
    const dataDir = newDir('embedded-src');
    const backupDir = newDir('embedded-backups');
    const env = (dir: string) =>
      testEnv('', {
        DATA_DIR: dir,
        BACKUP_DIR: backupDir,
        BACKUP_AGE_RECIPIENTS: keys.recipient,
        BACKUP_AGE_IDENTITY_FILE: keys.identityFile,
      });
    const config = loadConfig(env(dataDir), process.cwd());
    expect(config.databaseUrl).toBeUndefined();

    const db = await startEmbeddedPostgres(dataDir, 2);
    let rowsBefore: unknown[];
    try {
      const ds = new DataSource({
        type: 'postgres',
        url: db.url,
        migrations: [MIGRATIONS_GLOB],
        migrationsTableName: 'schema_migrations',
        extra: { max: 1 },
      });
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      await ds.query(
        `INSERT INTO clients (id, full_name, search_name, pii, key_id)
         SELECT gen_random_uuid(), 'Клиент ' || i, 'клиент ' || i, 'v1:k1:c2VhbGVk', 'k1' FROM generate_series(1, 25) i`,
      );
      await ds.destroy();
      rowsBefore = await query(db.url, `SELECT id, full_name, pii FROM clients ORDER BY id`);
      const storage = storageAt(dataDir);
      await storage.start();
      await storage.put({
        key: 'clients/a/scan.pdf',
        body: Buffer.from('%PDF-1.7 scan'),
        contentType: 'application/pdf',
      });

      const r = await createBackup({ config, storage, database: { kind: 'embedded', db } });
      expect(r.manifest.databaseFormat).toBe('pglite-datadir');
      expect(r.manifest.tables.clients).toBe(25);
      expect(r.manifest.keyIds).toEqual(['k1']);
      expect(r.manifest.objects.count).toBe(1);

      // a restore into a new embedded database and store
      const target = newDir('embedded-target');
      const targetStorage = storageAt(target);
      await targetStorage.start();
      const restored = await restoreBackup(
        {
          config: loadConfig(env(target), process.cwd()),
          storage: targetStorage,
          database: { kind: 'embedded', dataDir: target },
        },
        r.dir,
      );
      expect(restored.restored.tables).toEqual(r.manifest.tables);
      expect(await objectDigests(targetStorage)).toEqual(await objectDigests(storage));
      const again = await startEmbeddedPostgres(target, 2);
      try {
        expect(await query(again.url, `SELECT id, full_name, pii FROM clients ORDER BY id`)).toEqual(
          rowsBefore,
        );
      } finally {
        await again.stop();
      }
      // a second restore into the now non-empty embedded database is refused
      await expect(
        restoreBackup(
          {
            config: loadConfig(env(target), process.cwd()),
            storage: storageAt(newDir('x')),
            database: { kind: 'embedded', dataDir: target },
          },
          r.dir,
        ),
      ).rejects.toThrow(/refusing to restore: the embedded database .* already exists/);

      const verified = await verifyBackup(config, r.dir);
      expect(verified.differences).toEqual([]);
    } finally {
      await db.stop();
    }
  }, 300_000);
});
