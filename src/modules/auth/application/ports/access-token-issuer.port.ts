import type { Role } from '../../../../shared/domain/actor';

export const ACCESS_TOKEN_ISSUER = Symbol('ACCESS_TOKEN_ISSUER');

export interface AccessTokenIssuer {
  /** `sessionId`: the refresh-token family the access token belongs to (claim `sid`). */
  issue(user: { id: string; role: Role }, sessionId?: string): { token: string; expiresIn: number };
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}
