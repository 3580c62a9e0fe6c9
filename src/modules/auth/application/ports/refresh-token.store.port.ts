export const REFRESH_TOKEN_STORE = Symbol('REFRESH_TOKEN_STORE');

export interface RefreshTokenRow {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  familyExpiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface IssuedRefreshToken {
  id: string;
  familyId: string;
  token: string;
}

export interface RefreshTokenStore {
  /** A new token; a new family unless `family` is given (rotation keeps the family's absolute expiry). */
  issue(userId: string, family?: { id: string; expiresAt: Date }): Promise<IssuedRefreshToken>;
  /** Locks the row for the rest of the transaction. */
  lock(id: string): Promise<RefreshTokenRow | null>;
  secretMatches(row: RefreshTokenRow, secret: string): boolean;
  markUsed(id: string, replacedBy: string): Promise<void>;
  revokeFamily(familyId: string, reason: string): Promise<number>;
  revokeAllForUser(userId: string, reason: string, exceptFamilyId?: string): Promise<number>;
}

export const LOGIN_ATTEMPTS = Symbol('LOGIN_ATTEMPTS');

export interface LoginAttempts {
  counts(
    email: string,
    ip: string,
    windowSeconds: number,
  ): Promise<import('../../domain/login-throttle.policy').LoginThrottleCounts>;
  record(email: string, ip: string, success: boolean): Promise<void>;
}
