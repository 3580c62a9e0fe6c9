import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { DomainError } from '../../../../shared/domain/domain-error';
import { RateLimiter } from '../../../../shared/rate-limit/rate-limiter';

/** Wrong admin passwords allowed per user and window before every attempt is refused (429). */
export const ADMIN_PASSWORD_FAILURES_PER_WINDOW = 5;
export const ADMIN_PASSWORD_WINDOW_SECONDS = 900;
const BUCKET = 'integrations.admin-password.failures';

/**
 * Entering an integration token needs ADMIN_PASSWORD besides an admin's JWT: compared in
 * constant time; wrong ones are counted per user (in PostgreSQL, shared by replicas) and, past
 * the limit, even the right one is refused until the window ends.
 */
@Injectable()
export class AdminPasswordCheck {
  private readonly logger = new Logger('Integrations');

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assert(adminPassword: string | undefined, userId: string | null): Promise<void> {
    const key = userId ?? 'anonymous';
    const failures = await this.limiter.peek(BUCKET, key, ADMIN_PASSWORD_WINDOW_SECONDS);
    if (failures.hits >= ADMIN_PASSWORD_FAILURES_PER_WINDOW) {
      throw new DomainError('COMMON.RATE_LIMITED', 'Too many wrong admin passwords; try again later', {
        retryAfterSeconds: failures.retryAfterSeconds,
      });
    }
    const expected = this.config.admin.password;
    if (
      expected === undefined ||
      typeof adminPassword !== 'string' ||
      !FieldCipher.safeEqual(adminPassword, expected)
    ) {
      // counted outside any transaction, so the refusal still counts
      await this.limiter.hit(BUCKET, key, ADMIN_PASSWORD_FAILURES_PER_WINDOW, ADMIN_PASSWORD_WINDOW_SECONDS);
      this.logger.warn(`integration token refused: wrong admin password (user ${key})`);
      throw new DomainError(
        'INTEGRATIONS.ADMIN_PASSWORD_REQUIRED',
        'adminPassword does not match ADMIN_PASSWORD',
      );
    }
  }
}
