import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';

/** Sign-in events (aggregate: the user; null when the e-mail matched nobody). Version 1 = unversioned + `v`. */
export const AUTH_EVENTS = {
  loggedIn: 'auth.logged-in',
  loginFailed: 'auth.login-failed',
  refreshReuseDetected: 'auth.refresh-reuse-detected',
  loggedOut: 'auth.logged-out',
  sessionsRevoked: 'auth.sessions-revoked',
} as const;

export interface UserLoggedInV1 {
  v: 1;
  ip: string | null;
  familyId: string;
}
export interface UserLoginFailedV1 {
  v: 1;
  ip: string | null;
  reason: 'unknown-user' | 'wrong-password' | 'inactive';
}
export interface RefreshTokenReuseDetectedV1 {
  v: 1;
  familyId: string;
  tokenId: string;
  ip: string | null;
}
export interface UserLoggedOutV1 {
  v: 1;
  familyId: string;
}
export interface UserSessionsRevokedV1 {
  v: 1;
  reason: string;
  revoked: number;
}

export interface AuthEventPayloads {
  'auth.logged-in': UserLoggedInV1;
  'auth.login-failed': UserLoginFailedV1;
  'auth.refresh-reuse-detected': RefreshTokenReuseDetectedV1;
  'auth.logged-out': UserLoggedOutV1;
  'auth.sessions-revoked': UserSessionsRevokedV1;
}

export type AuthEvent = EnvelopeOf<AuthEventPayloads>;

export const AUTH_UPCASTERS: UpcasterTable = {};
