import { DomainEvent } from '../../../shared/domain/domain-event';

/** Sign-in events; the aggregate is the user (null when the e-mail matched nobody). */
export class UserLoggedIn extends DomainEvent<{ ip: string | null; familyId: string }> {
  static readonly eventName = 'auth.logged-in';
  constructor(userId: string, payload: { ip: string | null; familyId: string }) {
    super(UserLoggedIn.eventName, 'user', userId, 0, payload);
  }
}

export type LoginFailureReason = 'unknown-user' | 'wrong-password' | 'inactive';

export class UserLoginFailed extends DomainEvent<{ ip: string | null; reason: LoginFailureReason }> {
  static readonly eventName = 'auth.login-failed';
  constructor(userId: string | null, payload: { ip: string | null; reason: LoginFailureReason }) {
    super(UserLoginFailed.eventName, 'user', userId, 0, payload);
  }
}

export class RefreshTokenReuseDetected extends DomainEvent<{
  familyId: string;
  tokenId: string;
  ip: string | null;
}> {
  static readonly eventName = 'auth.refresh-reuse-detected';
  constructor(userId: string, payload: { familyId: string; tokenId: string; ip: string | null }) {
    super(RefreshTokenReuseDetected.eventName, 'user', userId, 0, payload);
  }
}

export class UserLoggedOut extends DomainEvent<{ familyId: string }> {
  static readonly eventName = 'auth.logged-out';
  constructor(userId: string, payload: { familyId: string }) {
    super(UserLoggedOut.eventName, 'user', userId, 0, payload);
  }
}

export class UserSessionsRevoked extends DomainEvent<{ reason: string; revoked: number }> {
  static readonly eventName = 'auth.sessions-revoked';
  constructor(userId: string, payload: { reason: string; revoked: number }) {
    super(UserSessionsRevoked.eventName, 'user', userId, 0, payload);
  }
}
