import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { backupKit } from '../../../../test/support/int-backup';
import { useIntDb } from '../../../../test/support/int-db';
import { AppMetrics } from '../../../shared/http/metrics';
import type { ReadinessCheck } from '../../../shared/http/readiness';
import { BACKUP_LOCK_KEY, BackupScheduler } from './backup-scheduler';

jest.setTimeout(180_000);

describe('BackupScheduler on the migrated schema', () => {
  const db = useIntDb();
  let kit: Awaited<ReturnType<typeof backupKit>>;

  beforeAll(async () => {
    kit = await backupKit(db().db.url, { BACKUP_SCHEDULE: '0 3 * * *' });
  });
  afterAll(() => kit.cleanup());

  it('backs up on the replica holding the advisory lock, skips while another holds it, and reports the age of the last backup', async () => {
    const checks: ReadinessCheck[] = [];
    const metrics = new AppMetrics();
    const scheduler = new BackupScheduler(kit.config, db().ds, null, kit.storage, checks, metrics);
    scheduler.onApplicationBootstrap();
    try {
      const [check] = checks;
      expect(check).toMatchObject({ name: 'backup', informational: true });
      expect(await check.check()).toBe('none yet');
      expect(await metrics.registry.getSingleMetricAsString('backup_last_success_age_seconds')).toMatch(
        / -1$/m,
      );

      const other = new Client({ connectionString: db().db.url });
      await other.connect();
      try {
        await other.query('SELECT pg_advisory_lock($1)', [BACKUP_LOCK_KEY]);
        expect(await scheduler.runOnce()).toBeNull();
        await other.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]);
      } finally {
        await other.end();
      }
      const dir = await scheduler.runOnce();
      expect(dir).not.toBeNull();
      expect(existsSync(dir!)).toBe(true);
      expect(await check.check()).toMatch(/^last good \d+ s ago$/);
      expect(await metrics.registry.getSingleMetricAsString('backup_last_success_age_seconds')).toMatch(
        /backup_last_success_age_seconds \d+$/m,
      );
      // the lock is released after the run
      const [{ free }] = await db().q<{ free: boolean }>(`SELECT pg_try_advisory_lock($1) AS free`, [
        BACKUP_LOCK_KEY,
      ]);
      expect(free).toBe(true);
      await db().q(`SELECT pg_advisory_unlock($1)`, [BACKUP_LOCK_KEY]);
    } finally {
      await scheduler.onApplicationShutdown();
    }
  });

  it('adds no readiness check and no timer when backups are not configured', async () => {
    const checks: ReadinessCheck[] = [];
    const config = {
      ...kit.config,
      backup: { ...kit.config.backup, schedule: undefined, ageRecipients: [] },
    };
    const scheduler = new BackupScheduler(
      config as never,
      db().ds,
      null,
      kit.storage,
      checks,
      new AppMetrics(),
    );
    scheduler.onApplicationBootstrap();
    expect(checks).toEqual([]);
    await scheduler.onApplicationShutdown();
  });
});
