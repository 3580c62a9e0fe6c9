import type { Role } from '../../../../shared/domain/actor';

export const ACCESS_TOKEN_ISSUER = Symbol('ACCESS_TOKEN_ISSUER');

export interface AccessTokenIssuer {
  issue(user: { id: string; role: Role }): { token: string; expiresIn: number };
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}
