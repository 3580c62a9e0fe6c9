import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import type { LoginAttempts } from '../application/ports/refresh-token.store.port';
import { type FailureCount, KNOWN_IP_DAYS, type LoginThrottleCounts } from '../domain/login-throttle.policy';

interface CountRow {
  failures: string;
  expires_in: number | null;
}

/** Sign-in attempts keyed by an HMAC of the e-mail (no plaintext addresses in this table). */
@Injectable()
export class SqlLoginAttempts implements LoginAttempts {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private accountKey(email: string): string {
    return createHmac('sha256', this.config.jwt.refreshSecret)
      .update(`login:${email.trim().toLowerCase()}`)
      .digest('hex');
  }

  async counts(email: string, ip: string, windowSeconds: number): Promise<LoginThrottleCounts> {
    const key = this.accountKey(email);
    const [pair, account, byIp, known] = await Promise.all([
      this.count(`account_key = $1 AND ip = $2`, [key, ip], windowSeconds),
      this.count(`account_key = $1`, [key], windowSeconds),
      this.count(`ip = $1`, [ip], windowSeconds, false),
      this.uow.rows<{ known: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM login_attempts
                         WHERE account_key = $1 AND ip = $2 AND success
                           AND at > now() - make_interval(days => $3)) AS known`,
        [key, ip, KNOWN_IP_DAYS],
      ),
    ]);
    return { pair, account, ip: byIp, knownIp: known[0].known };
  }

  private async count(
    where: string,
    params: unknown[],
    windowSeconds: number,
    resetOnSuccess = true,
  ): Promise<FailureCount> {
    const w = params.length + 1;
    const since = resetOnSuccess
      ? `GREATEST(now() - make_interval(secs => $${w}),
                  COALESCE((SELECT max(at) FROM login_attempts WHERE ${where} AND success), '-infinity'))`
      : `now() - make_interval(secs => $${w})`;
    const [row] = await this.uow.rows<CountRow>(
      `SELECT count(*) AS failures,
              extract(epoch FROM (min(at) + make_interval(secs => $${w}) - now()))::float8 AS expires_in
         FROM login_attempts WHERE ${where} AND NOT success AND at > ${since}`,
      [...params, windowSeconds],
    );
    return { failures: Number(row.failures), oldestExpiresInSeconds: row.expires_in ?? 0 };
  }

  async record(email: string, ip: string, success: boolean): Promise<void> {
    await this.uow.sql(`INSERT INTO login_attempts (account_key, ip, success) VALUES ($1, $2, $3)`, [
      this.accountKey(email),
      ip,
      success,
    ]);
  }
}
