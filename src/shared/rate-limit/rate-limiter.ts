import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { DomainError } from '../domain/domain-error';

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every replica shares one limit. Used for public
 * endpoints (intake, login by IP) where a per-process counter would multiply with replicas.
 * Old windows are deleted by the housekeeping job.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly uow: UnitOfWork) {}

  async hit(bucket: string, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const [row] = await this.uow.rows<{ hits: number; retry: number }>(
      `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $3) * $3) AS start)
       INSERT INTO rate_limits (bucket, key, window_start, hits)
       SELECT $1, $2, w.start, 1 FROM w
       ON CONFLICT (bucket, key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
       RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $3) - now())))::int AS retry`,
      [bucket, key, windowSeconds],
    );
    return { allowed: row.hits <= limit, hits: row.hits, retryAfterSeconds: Math.max(1, row.retry) };
  }

  /** Hits so far in the current window, without adding one (for limits on failures only). */
  async peek(bucket: string, key: string, windowSeconds: number): Promise<RateLimitResult> {
    const [row] = await this.uow.rows<{ hits: number; retry: number }>(
      `SELECT hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $3) - now())))::int AS retry
         FROM rate_limits
        WHERE bucket = $1 AND key = $2
          AND window_start = to_timestamp(floor(extract(epoch FROM now()) / $3) * $3)`,
      [bucket, key, windowSeconds],
    );
    return { allowed: true, hits: row?.hits ?? 0, retryAfterSeconds: Math.max(1, row?.retry ?? 1) };
  }

  /** Throws 429 with `Retry-After` when the window's limit is exceeded. */
  async consume(bucket: string, key: string, limit: number, windowSeconds: number): Promise<void> {
    const r = await this.hit(bucket, key, limit, windowSeconds);
    if (!r.allowed) {
      throw new DomainError('COMMON.RATE_LIMITED', 'Too many requests; try again later', {
        retryAfterSeconds: r.retryAfterSeconds,
      });
    }
  }
}
