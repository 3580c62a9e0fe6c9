import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import type { Role } from '../../../shared/domain/actor';
import { uuidv7 } from '../../../shared/domain/uuid';
import type { AccessTokenIssuer } from '../application/ports/access-token-issuer.port';

export const JWT_ALGORITHM = 'HS256';
export const JWT_AUDIENCE = 'travel-crm-api';
export const JWT_ISSUER = 'travel-crm';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  typ: 'access';
  jti: string;
  /** The refresh-token family (session) this token was issued with. */
  sid?: string;
}

@Injectable()
export class JwtAccessTokenIssuer implements AccessTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(user: { id: string; role: Role }, sessionId?: string): { token: string; expiresIn: number } {
    const expiresIn = this.config.jwt.accessTtlSeconds;
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access', jti: uuidv7() };
    if (sessionId) claims.sid = sessionId;
    const token = this.jwt.sign(claims, {
      secret: this.config.jwt.accessSecret,
      algorithm: JWT_ALGORITHM,
      expiresIn,
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
    });
    return { token, expiresIn };
  }
}
