import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import type { Role } from '../../../shared/domain/actor';
import { isUuid } from '../../../shared/domain/uuid';
import { GetUserAccessQuery } from '../../users/application/queries/get-user-access/get-user-access.query';
import { type AccessTokenClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './jwt-access-token.issuer';

export interface AuthenticatedUser {
  userId: string;
  role: Role;
  /** The session (refresh-token family) of the access token, when it names one. */
  sessionId?: string;
}

/**
 * Access tokens: HS256 only (no `none`, no algorithm confusion), audience, issuer and expiry
 * checked by passport-jwt; the token type must be `access`; the user must still exist and be
 * active, and its current role is used: disabling or demoting takes effect on this replica's next
 * request and on every other replica within a second (the users module's LISTEN/NOTIFY cache).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly queries: QueryBus,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // a KeyObject made once: given a string, jsonwebtoken tries createPublicKey and then
      // createSecretKey on every request (~15 % of a simple authenticated GET)
      secretOrKey: createSecretKey(Buffer.from(config.jwt.accessSecret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
      ignoreExpiration: false,
      jsonWebTokenOptions: { maxAge: `${config.jwt.accessTtlSeconds + 60}s` },
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser | false> {
    if (claims.typ !== 'access' || !isUuid(claims.sub)) return false;
    // from the users module's in-process cache, invalidated on every replica within a second
    const user = await this.queries.execute(new GetUserAccessQuery(claims.sub));
    if (!user || !user.active) return false;
    return { userId: user.id, role: user.role, sessionId: isUuid(claims.sid) ? claims.sid : undefined };
  }
}
