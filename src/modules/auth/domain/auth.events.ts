import { DomainEvent } from '../../../shared/domain/domain-event';
import type { ContractOf } from '../../../shared/domain/event-contract';
import type {
  RefreshTokenReuseDetectedV1,
  UserLoggedInV1,
  UserLoggedOutV1,
  UserLoginFailedV1,
  UserSessionsRevokedV1,
} from '../contracts/auth.events';
import { AUTH_EVENTS } from '../contracts/auth.events';

/** Sign-in events; the aggregate is the user (null when the e-mail matched nobody). */
export class UserLoggedIn extends DomainEvent<{ ip: string | null; familyId: string }> {
  static readonly eventName = AUTH_EVENTS.loggedIn;
  constructor(userId: string, payload: { ip: string | null; familyId: string }) {
    super(UserLoggedIn.eventName, 'user', userId, 0, payload);
  }
}

export type LoginFailureReason = 'unknown-user' | 'wrong-password' | 'inactive';

export class UserLoginFailed extends DomainEvent<{ ip: string | null; reason: LoginFailureReason }> {
  static readonly eventName = AUTH_EVENTS.loginFailed;
  constructor(userId: string | null, payload: { ip: string | null; reason: LoginFailureReason }) {
    super(UserLoginFailed.eventName, 'user', userId, 0, payload);
  }
}

export class RefreshTokenReuseDetected extends DomainEvent<{
  familyId: string;
  tokenId: string;
  ip: string | null;
}> {
  static readonly eventName = AUTH_EVENTS.refreshReuseDetected;
  constructor(userId: string, payload: { familyId: string; tokenId: string; ip: string | null }) {
    super(RefreshTokenReuseDetected.eventName, 'user', userId, 0, payload);
  }
}

export class UserLoggedOut extends DomainEvent<{ familyId: string }> {
  static readonly eventName = AUTH_EVENTS.loggedOut;
  constructor(userId: string, payload: { familyId: string }) {
    super(UserLoggedOut.eventName, 'user', userId, 0, payload);
  }
}

export class UserSessionsRevoked extends DomainEvent<{ reason: string; revoked: number }> {
  static readonly eventName = AUTH_EVENTS.sessionsRevoked;
  constructor(userId: string, payload: { reason: string; revoked: number }) {
    super(UserSessionsRevoked.eventName, 'user', userId, 0, payload);
  }
}

// each class records exactly its published payload (the module's contracts/*.events.ts)
const _contracts: [
  ContractOf<typeof UserLoggedIn, UserLoggedInV1>,
  ContractOf<typeof UserLoginFailed, UserLoginFailedV1>,
  ContractOf<typeof RefreshTokenReuseDetected, RefreshTokenReuseDetectedV1>,
  ContractOf<typeof UserLoggedOut, UserLoggedOutV1>,
  ContractOf<typeof UserSessionsRevoked, UserSessionsRevokedV1>,
] = [true, true, true, true, true];
void _contracts;
