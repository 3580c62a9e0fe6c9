/**
 * When to refuse a sign-in attempt before checking the password.
 *
 * Failures are counted per (account, IP) pair, per account across all IPs, and per IP, inside
 * a sliding window. The pair limit stops guessing from one place without locking the real user
 * out from another; the account-wide limit is several times higher and stops distributed
 * guessing; a success on the pair resets its count. A block lasts at most one window.
 */
export interface LoginThrottleLimits {
  perAccount: number;
  perIp: number;
  windowSeconds: number;
}

export interface FailureCount {
  failures: number;
  /** Seconds until the oldest counted failure leaves the window. */
  oldestExpiresInSeconds: number;
}

export interface LoginThrottleCounts {
  pair: FailureCount;
  account: FailureCount;
  ip: FailureCount;
}

export type ThrottleDecision =
  { blocked: false } | { blocked: true; retryAfterSeconds: number; scope: 'pair' | 'account' | 'ip' };

export const ACCOUNT_WIDE_FACTOR = 4;

export function decideLoginThrottle(
  counts: LoginThrottleCounts,
  limits: LoginThrottleLimits,
): ThrottleDecision {
  const checks: Array<['pair' | 'account' | 'ip', FailureCount, number]> = [
    ['pair', counts.pair, limits.perAccount],
    ['account', counts.account, limits.perAccount * ACCOUNT_WIDE_FACTOR],
    ['ip', counts.ip, limits.perIp],
  ];
  for (const [scope, count, limit] of checks) {
    if (count.failures >= limit) {
      const retryAfterSeconds = Math.min(
        limits.windowSeconds,
        Math.max(1, Math.ceil(count.oldestExpiresInSeconds)),
      );
      return { blocked: true, retryAfterSeconds, scope };
    }
  }
  return { blocked: false };
}
