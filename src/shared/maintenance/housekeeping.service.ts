import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { UnitOfWork } from '../database/unit-of-work';
import { runsBackgroundHere } from '../runtime/process-role';

const INTERVAL_MS = 10 * 60 * 1000;

/** What is kept, and for how long, of the platform's bookkeeping tables. */
export const RETENTION = {
  idempotencyKeysDays: 7,
  rateLimitWindowsDays: 1,
  loginAttemptsDays: 7,
  /** Successful sign-ins stay longer: they make an IP a known one (auth's KNOWN_IP_DAYS, 30). */
  loginSuccessesDays: 30,
  refreshTokensAfterExpiryDays: 7,
} as const;

/**
 * Deletes expired rows of the bookkeeping tables (sign-in attempts, idempotency keys,
 * rate-limit windows, long-dead refresh tokens). Runs every ten minutes on one replica at a
 * time (a transaction-level advisory lock; the others skip the round).
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsBackgroundHere()) return;
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((err: unknown) => this.logger.warn(`housekeeping failed: ${(err as Error).message}`))
        .finally(() => (this.running = null));
    }, INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One round; returns rows deleted per table, or null when another replica holds the round. */
  runOnce(): Promise<Record<string, number> | null> {
    return this.uow.run(async () => {
      const [{ locked }] = await this.uow.rows<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext('crm.housekeeping')) AS locked`,
      );
      if (!locked) return null;
      const loginDays = Math.max(
        RETENTION.loginAttemptsDays,
        Math.ceil(this.config.throttle.windowSeconds / 86400),
      );
      const deleted: Record<string, number> = {
        loginAttempts: (
          await this.uow.sql(
            `DELETE FROM login_attempts WHERE at < now() - make_interval(days => $1)
                AND (NOT success OR at < now() - make_interval(days => $2))`,
            [loginDays, RETENTION.loginSuccessesDays],
          )
        ).rowCount,
        idempotencyKeys: (
          await this.uow.sql(
            `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)`,
            [RETENTION.idempotencyKeysDays],
          )
        ).rowCount,
        rateLimits: (
          await this.uow.sql(
            `DELETE FROM rate_limits WHERE window_start < now() - make_interval(days => $1)`,
            [RETENTION.rateLimitWindowsDays],
          )
        ).rowCount,
        refreshTokens: (
          await this.uow.sql(
            `DELETE FROM refresh_tokens WHERE family_expires_at < now() - make_interval(days => $1)`,
            [RETENTION.refreshTokensAfterExpiryDays],
          )
        ).rowCount,
      };
      this.logger.debug(`housekeeping: ${JSON.stringify(deleted)}`);
      return deleted;
    });
  }
}
