/**
 * When to refuse a sign-in attempt before checking the password.
 *
 * Failures are counted per (account, IP) pair, per account across all IPs, and per IP, inside
 * a sliding window. The pair limit stops guessing from one place without locking the real user
 * out from another; the account-wide limit is several times higher and stops distributed
 * guessing; a success on the pair resets its count. A block lasts at most one window.
 *
 * The account-wide limit does not apply from a *known* IP — one this account signed in from
 * successfully within `KNOWN_IP_DAYS` — so someone who knows an e-mail cannot lock its owner out of
 * their usual devices by failing from many addresses; the pair and IP limits still apply there.
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
  /** The account signed in successfully from this IP within KNOWN_IP_DAYS. */
  knownIp: boolean;
}

/** How long a successful sign-in makes its IP a known one for the account. */
export const KNOWN_IP_DAYS = 30;

export type ThrottleDecision =
  { blocked: false } | { blocked: true; retryAfterSeconds: number; scope: 'pair' | 'account' | 'ip' };

export const ACCOUNT_WIDE_FACTOR = 4;

export function decideLoginThrottle(
  counts: LoginThrottleCounts,
  limits: LoginThrottleLimits,
): ThrottleDecision {
  const checks: Array<['pair' | 'account' | 'ip', FailureCount, number]> = [
    ['pair', counts.pair, limits.perAccount],
    ['ip', counts.ip, limits.perIp],
  ];
  if (!counts.knownIp)
    checks.splice(1, 0, ['account', counts.account, limits.perAccount * ACCOUNT_WIDE_FACTOR]);
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
