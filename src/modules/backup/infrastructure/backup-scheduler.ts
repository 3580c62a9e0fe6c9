import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Cron } from 'croner';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { EMBEDDED } from '../../../shared/database/database.module';
import type { EmbeddedPostgres } from '../../../shared/database/embedded-postgres';
import { AppMetrics } from '../../../shared/http/metrics';
import { READINESS_CHECKS, type ReadinessCheck } from '../../../shared/http/readiness';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../shared/storage/object-storage.port';
import { createBackup, listBackups } from './create-backup';
import { runsBackgroundHere } from '../../../shared/runtime/process-role';

/** pg_try_advisory_lock key of the scheduled backup ('crm-backup' as an int). */
export const BACKUP_LOCK_KEY = 0x63726d62;

/**
 * Backups inside the app on BACKUP_SCHEDULE (cron syntax, croner): at each tick the replica that
 * takes a PostgreSQL advisory lock runs the backup, the others skip it. With the embedded
 * database this is the way to back it up while the app runs (the CLI needs it stopped).
 * `/health/ready` shows the age of the newest good backup under BACKUP_DIR as a detail that never
 * makes the instance unready, and `/metrics` has it as `backup_last_success_age_seconds`.
 */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Backup');
  private job: Cron | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED) private readonly embedded: EmbeddedPostgres | null,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    metrics: AppMetrics,
  ) {
    new Gauge({
      name: 'backup_last_success_age_seconds',
      help: 'Seconds since the newest complete backup under BACKUP_DIR was taken (-1: none)',
      registers: [metrics.registry],
      collect: async function (this: Gauge) {
        const age = await ageOfLastBackup(config.backup.dir);
        this.set(age ?? -1);
      },
    });
  }

  onApplicationBootstrap(): void {
    const { schedule, ageRecipients } = this.config.backup;
    if (schedule || ageRecipients.length > 0) {
      this.checks.push({
        name: 'backup',
        informational: true,
        check: async () => {
          const age = await ageOfLastBackup(this.config.backup.dir);
          return age === null ? 'none yet' : `last good ${age} s ago`;
        },
      });
    }
    if (!schedule || !runsBackgroundHere()) return;
    this.job = new Cron(schedule, { protect: true, timezone: 'UTC' }, () => {
      this.running = this.runOnce().then(
        () => undefined,
        (err: unknown) =>
          this.logger.error(`scheduled backup failed: ${err instanceof Error ? err.message : String(err)}`),
      );
      return this.running;
    });
    this.logger.log(`scheduled backups "${schedule}" (UTC), next at ${this.job.nextRun()?.toISOString()}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.job?.stop();
    await this.running;
  }

  /** One scheduled run: only the replica holding the advisory lock backs up. Returns the directory or null. */
  async runOnce(): Promise<string | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [
        BACKUP_LOCK_KEY,
      ])) as {
        locked: boolean;
      }[];
      if (!locked) {
        this.logger.log('another replica is backing up; skipped');
        return null;
      }
      try {
        const result = await createBackup({
          config: this.config,
          storage: this.storage,
          database: this.embedded
            ? { kind: 'embedded', db: this.embedded }
            : { kind: 'postgres', url: this.config.databaseUrl! },
        });
        this.logger.log(
          `backup ${result.dir}: ${result.manifest.objects.count} objects, ${result.deleted.length} old backup(s) removed`,
        );
        return result.dir;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [BACKUP_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}

async function ageOfLastBackup(dir: string): Promise<number | null> {
  const [newest] = await listBackups(dir);
  return newest ? Math.max(0, Math.round((Date.now() - newest.createdAt.getTime()) / 1000)) : null;
}
