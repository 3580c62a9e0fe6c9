import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { BACKUP_LOCK_KEY, BackupScheduler } from '../../src/modules/backup/infrastructure/backup-scheduler';
import { S3ObjectStorage } from '../../src/shared/storage/s3-object.storage';
import { OBJECT_STORAGE, type ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { ageKeyPair } from '../support/backup';
import { startS3Server, type TestS3Server } from '../support/s3rver';
import { startTestApp, type TestApp } from '../support/test-app';

describe('scheduled backups inside the app (e2e)', () => {
  let t: TestApp;
  let s3: TestS3Server;
  let backupDir: string;

  beforeAll(async () => {
    const keys = await ageKeyPair();
    backupDir = mkdtempSync(join(tmpdir(), 'crm-sched-'));
    s3 = await startS3Server();
    t = await startTestApp({
      env: {
        ...s3.env('crm-sched-files'),
        BACKUP_S3_BUCKET: 'crm-sched-backups',
        BACKUP_SCHEDULE: '30 2 * * *',
        BACKUP_DIR: backupDir,
        BACKUP_AGE_RECIPIENTS: keys.recipient,
      },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await s3?.close();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('reports no backup yet, skips a run while another replica holds the lock, then reports the age of the one it made', async () => {
    const ready = async () =>
      (await fetch(`${t.baseUrl}/health/ready`)).json() as Promise<{
        status: string;
        checks: Record<string, string>;
      }>;
    expect(await ready()).toEqual({
      status: 'ok',
      checks: { database: 'ok', storage: 'ok', backup: 'none yet' },
    });
    const metric = async () =>
      /^backup_last_success_age_seconds (\S+)$/m.exec(
        await (await fetch(`${t.baseUrl}/metrics`)).text(),
      )?.[1];
    expect(await metric()).toBe('-1');

    // objects come from the S3 store through the storage port
    const storage = t.app.get<ObjectStorage>(OBJECT_STORAGE);
    await storage.put({
      key: 'clients/s/scan.pdf',
      body: Buffer.from('%PDF-1.7 s3'),
      contentType: 'application/pdf',
    });
    const scheduler = t.app.get(BackupScheduler);
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [BACKUP_LOCK_KEY]);
      expect(await scheduler.runOnce()).toBeNull();
      await other.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]);
    } finally {
      await other.end();
    }
    const dir = await scheduler.runOnce();
    expect(dir).toMatch(new RegExp(`^${backupDir}/crm-\\d{8}T\\d{9}Z$`));
    const after = await ready();
    expect(after.status).toBe('ok');
    expect(after.checks.backup).toMatch(/^last good \d+ s ago$/);
    expect(Number(await metric())).toBeGreaterThanOrEqual(0);
    const manifest = JSON.parse(readFileSync(join(dir!, 'manifest.json'), 'utf8'));
    expect(manifest.objects).toMatchObject({ count: 1, bytes: 11 });

    // and a copy of every file went to BACKUP_S3_BUCKET under the backup's name
    const bucket = new S3ObjectStorage({ ...t.config.s3!, bucket: 'crm-sched-backups' });
    const copied: string[] = [];
    for await (const o of bucket.list()) copied.push(o.key);
    const name = basename(dir!);
    expect(copied.sort()).toEqual([
      `${name}/database.dump.age`,
      `${name}/manifest.json`,
      `${name}/objects.tar.age`,
    ]);
  }, 120_000);
});
