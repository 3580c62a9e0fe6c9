import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BACKUP_LOCK_KEY, BackupScheduler } from '../../src/modules/backup/infrastructure/backup-scheduler';
import { ageKeyPair } from '../support/backup';
import { startTestApp, type TestApp } from '../support/test-app';

describe('scheduled backups inside the app (e2e)', () => {
  let t: TestApp;
  let backupDir: string;

  beforeAll(async () => {
    const keys = await ageKeyPair();
    backupDir = mkdtempSync(join(tmpdir(), 'crm-sched-'));
    t = await startTestApp({
      env: {
        BACKUP_SCHEDULE: '30 2 * * *',
        BACKUP_DIR: backupDir,
        BACKUP_AGE_RECIPIENTS: keys.recipient,
      },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
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
      /backup_last_success_age_seconds (\S+)/.exec(await (await fetch(`${t.baseUrl}/metrics`)).text())?.[1];
    expect(await metric()).toBe('-1');

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
  }, 120_000);
});
