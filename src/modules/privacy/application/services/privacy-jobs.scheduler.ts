import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import { RunPrivacyJobsCommand } from '../commands/run-privacy-jobs/run-privacy-jobs.command';
import { runsBackgroundHere } from '../../../../shared/runtime/process-role';

/** Runs the privacy jobs every PRIVACY_JOB_INTERVAL_MS on each replica; the advisory lock lets one work. */
@Injectable()
export class PrivacyJobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PrivacyJobs');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.privacy.jobIntervalMs;
    if (every <= 0 || !runsBackgroundHere()) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.commands
        .execute(new RunPrivacyJobsCommand({ dryRun: false }))
        .catch((err: Error) => this.logger.error(`privacy jobs failed: ${err.message}`))
        .finally(() => (this.running = null));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
