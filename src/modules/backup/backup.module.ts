import { Module } from '@nestjs/common';
import { BackupScheduler } from './infrastructure/backup-scheduler';

/** Scheduled backups (BACKUP_SCHEDULE), their readiness detail and metric; the commands live in `src/cli.ts`. */
@Module({ providers: [BackupScheduler], exports: [BackupScheduler] })
export class BackupModule {}
