import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { HttpRequest as Request } from '../../../shared/http/http-types';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { RateLimiter } from '../../../shared/rate-limit/rate-limiter';

export const WEB_INTAKE_BUCKET = 'intake.web';

/**
 * Counts every post to the public form per client IP (before the body is validated, so invalid
 * floods count too) in PostgreSQL, shared by all replicas; over the limit → 429 with Retry-After.
 */
@Injectable()
export class WebIntakeRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    await this.limiter.consume(
      WEB_INTAKE_BUCKET,
      req.ip ?? 'unknown',
      this.config.intake.rateLimitPerMinute,
      60,
    );
    return true;
  }
}
