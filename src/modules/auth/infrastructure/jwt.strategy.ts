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

type VerifiedClaims = AccessTokenClaims & { exp?: number; iat?: number };

interface VerifiedToken {
  claims: VerifiedClaims;
  /** Epoch ms from which jsonwebtoken would refuse it: its `exp`, or `iat` + the max age. */
  until: number;
}

interface BearerRequest {
  headers: { authorization?: string };
}

/** Tokens passport-jwt verified; a client reuses one access token for up to its lifetime. */
const MAX_VERIFIED_TOKENS = 10_000;
const fromHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Access tokens through passport-jwt: HS256 only (no `none`, no algorithm confusion), audience,
 * issuer and expiry checked; the token type must be `access`; the user must still exist and be
 * active, and its current role is used: disabling or demoting takes effect on this replica's next
 * request and on every other replica within a second (the users module's LISTEN/NOTIFY cache).
 *
 * A token passport-jwt verified once is remembered by its exact text until it would expire, so the
 * HMAC, base64 and JSON work is not redone on every request of a session; the user check still
 * runs each time. JwtAuthGuard asks {@link JwtStrategy.rememberedUser} before passport.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly maxAgeSeconds: number;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly queries: QueryBus,
  ) {
    super({
      jwtFromRequest: fromHeader,
      // a KeyObject made once: given a string, jsonwebtoken tries createPublicKey and then
      // createSecretKey on every request (~15 % of a simple authenticated GET)
      secretOrKey: createSecretKey(Buffer.from(config.jwt.accessSecret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
      ignoreExpiration: false,
      jsonWebTokenOptions: { maxAge: `${config.jwt.accessTtlSeconds + 60}s` },
      passReqToCallback: true,
    });
    this.maxAgeSeconds = config.jwt.accessTtlSeconds + 60;
  }

  /**
   * The user of the request's bearer token when that exact token was verified before and has not
   * expired since (the user check runs as always); `undefined` when the token has to go through
   * passport-jwt. The guard asks this first, so a session's later requests skip passport's
   * per-request machinery as well as the signature check.
   */
  rememberedUser(req: BearerRequest): Promise<AuthenticatedUser | false> | undefined {
    const token = fromHeader(req as never);
    const hit = token ? this.verified.get(token) : undefined;
    if (!hit) return undefined;
    if (Date.now() >= hit.until) {
      this.verified.delete(token!);
      return undefined;
    }
    return this.userOf(hit.claims);
  }

  /** Called by passport-jwt after it verified the token's signature and claims. */
  async validate(req: BearerRequest, claims: VerifiedClaims): Promise<AuthenticatedUser | false> {
    const token = fromHeader(req as never);
    if (token) this.remember(token, claims);
    return this.userOf(claims);
  }

  async userOf(claims: AccessTokenClaims): Promise<AuthenticatedUser | false> {
    if (claims.typ !== 'access' || !isUuid(claims.sub)) return false;
    // from the users module's in-process cache, invalidated on every replica within a second
    const user = await this.queries.execute(new GetUserAccessQuery(claims.sub));
    if (!user || !user.active) return false;
    return { userId: user.id, role: user.role, sessionId: isUuid(claims.sid) ? claims.sid : undefined };
  }

  private remember(token: string, claims: VerifiedClaims): void {
    // jsonwebtoken refuses at `now >= exp` and at `now >= iat + maxAge` (whole seconds)
    const limits = [claims.exp, claims.iat === undefined ? undefined : claims.iat + this.maxAgeSeconds]
      .filter((s): s is number => typeof s === 'number')
      .map((s) => s * 1000);
    if (limits.length === 0) return;
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, { claims, until: Math.min(...limits) });
  }
}
