import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
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

interface VerifiedToken {
  claims: AccessTokenClaims;
  /** Epoch ms after which the token is no longer accepted (its `exp`, or `iat` + the max age). */
  until: number;
}

/** Tokens whose signature and claims were checked; a client reuses its token for up to 15 minutes. */
const MAX_VERIFIED_TOKENS = 10_000;
const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * Access tokens: HS256 only (no `none`, no algorithm confusion), audience, issuer and expiry
 * checked; the token type must be `access`; the user must still exist and be active, and its
 * current role is used: disabling or demoting takes effect on this replica's next request and on
 * every other replica within a second (the users module's LISTEN/NOTIFY cache).
 *
 * No passport: the guard calls `authenticate` directly. A token that verified once is kept (by its
 * exact text, until its expiry) so the HMAC, base64 and JSON work is not redone on each request of
 * the same session — the user check still runs every time.
 */
@Injectable()
export class JwtStrategy {
  private readonly jwt = new JwtService();
  // a KeyObject made once: given a string, jsonwebtoken tries createPublicKey and then
  // createSecretKey on every verification (~15 % of a simple authenticated GET)
  private readonly key: KeyObject;
  private readonly maxAgeSeconds: number;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly queries: QueryBus,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwt.accessSecret));
    this.maxAgeSeconds = config.jwt.accessTtlSeconds + 60;
  }

  /** The user of an `Authorization: Bearer …` header, or false for a missing, bad or expired token. */
  async authenticate(authorization: string | undefined): Promise<AuthenticatedUser | false> {
    const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!token) return false;
    const claims = this.verify(token);
    return claims ? this.validate(claims) : false;
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser | false> {
    if (claims.typ !== 'access' || !isUuid(claims.sub)) return false;
    // from the users module's in-process cache, invalidated on every replica within a second
    const user = await this.queries.execute(new GetUserAccessQuery(claims.sub));
    if (!user || !user.active) return false;
    return { userId: user.id, role: user.role, sessionId: isUuid(claims.sid) ? claims.sid : undefined };
  }

  private verify(token: string): AccessTokenClaims | null {
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit) {
      if (now < hit.until) return hit.claims;
      this.verified.delete(token);
    }
    let claims: AccessTokenClaims & { exp?: number; iat?: number };
    try {
      claims = this.jwt.verify(token, {
        secret: this.key as unknown as string,
        algorithms: [JWT_ALGORITHM],
        audience: JWT_AUDIENCE,
        issuer: JWT_ISSUER,
        ignoreExpiration: false,
        maxAge: `${this.maxAgeSeconds}s`,
      });
    } catch {
      return null;
    }
    // jsonwebtoken rejects at `now >= exp` and at `now >= iat + maxAge` (whole seconds)
    const limits = [claims.exp, claims.iat === undefined ? undefined : claims.iat + this.maxAgeSeconds]
      .filter((s): s is number => typeof s === 'number')
      .map((s) => s * 1000);
    if (limits.length > 0) {
      if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, { claims, until: Math.min(...limits) });
    }
    return claims;
  }
}
