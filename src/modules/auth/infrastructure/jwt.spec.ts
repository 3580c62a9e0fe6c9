import { JwtService } from '@nestjs/jwt';
import type { QueryBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../config/app-config';
import { uuidv7 } from '../../../shared/domain/uuid';
import { JWT_AUDIENCE, JWT_ISSUER, JwtAccessTokenIssuer } from './jwt-access-token.issuer';
import { GetUserAccessQuery } from '../../users/application/queries/get-user-access/get-user-access.query';
import { Strategy } from 'passport-jwt';
import { type AuthenticatedUser, JwtStrategy } from './jwt.strategy';

const realVerifier = (Strategy as unknown as { JwtVerifier: unknown }).JwtVerifier;

/**
 * Authenticates the way JwtAuthGuard does: a remembered token through `rememberedUser`, any other
 * through passport (a copy of the strategy per request with success / fail / error).
 */
function run(strategy: JwtStrategy, authorization?: string): Promise<AuthenticatedUser | false> {
  const req = { headers: authorization === undefined ? {} : { authorization } };
  const remembered = strategy.rememberedUser(req);
  if (remembered) return remembered;
  return new Promise((resolve, reject) => {
    const attempt = Object.create(strategy) as JwtStrategy & {
      success: (u: AuthenticatedUser) => void;
      fail: () => void;
      error: (e: Error) => void;
    };
    attempt.success = (u) => resolve(u);
    attempt.fail = () => resolve(false);
    attempt.error = (e) => reject(e);
    attempt.authenticate(req as never, {});
  });
}

const config = {
  jwt: { accessSecret: 'unit-access-secret-0123456789abcdef0123', accessTtlSeconds: 900 },
} as AppConfig;

describe('access tokens (issuer and passport strategy)', () => {
  const jwt = new JwtService();

  it('issues an HS256 token with audience, issuer, expiry, a unique jti and the session id', () => {
    const issuer = new JwtAccessTokenIssuer(jwt, config);
    const user = { id: uuidv7(), role: 'operator' as const };
    const sid = uuidv7();
    const a = issuer.issue(user, sid);
    const b = issuer.issue(user);
    expect(a.expiresIn).toBe(900);
    const claims = jwt.verify<Record<string, unknown>>(a.token, {
      secret: config.jwt.accessSecret,
      algorithms: ['HS256'],
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
    });
    expect(claims).toMatchObject({ sub: user.id, role: 'operator', typ: 'access', sid });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    const other = jwt.decode<Record<string, unknown>>(b.token);
    expect(other.sid).toBeUndefined();
    expect(other.jti).not.toBe(claims.jti);
    expect(() => jwt.verify(a.token, { secret: 'another-secret' })).toThrow();
  });

  it('accepts only access tokens of live users and reads the role fresh', async () => {
    const users = new Map<string, { id: string; role: string; active: boolean }>();
    const queries = {
      execute: async (q: unknown) =>
        q instanceof GetUserAccessQuery
          ? (users.get(q.id) ?? null)
          : Promise.reject(new Error('unexpected query')),
    } as unknown as QueryBus;
    const strategy = new JwtStrategy(config, queries);
    const id = uuidv7();
    const sid = uuidv7();
    users.set(id, { id, role: 'supervisor', active: true });
    expect(await strategy.userOf({ sub: id, role: 'operator', typ: 'access', jti: 'j', sid })).toEqual({
      userId: id,
      role: 'supervisor',
      sessionId: sid,
    });
    expect(
      await strategy.userOf({ sub: id, role: 'operator', typ: 'access', jti: 'j', sid: 'nope' }),
    ).toEqual({
      userId: id,
      role: 'supervisor',
      sessionId: undefined,
    });
    expect(await strategy.userOf({ sub: id, role: 'operator', typ: 'refresh' as never, jti: 'j' })).toBe(
      false,
    );
    expect(await strategy.userOf({ sub: 'not-a-uuid', role: 'operator', typ: 'access', jti: 'j' })).toBe(
      false,
    );
    users.set(id, { id, role: 'supervisor', active: false });
    expect(await strategy.userOf({ sub: id, role: 'operator', typ: 'access', jti: 'j' })).toBe(false);
    expect(await strategy.userOf({ sub: uuidv7(), role: 'operator', typ: 'access', jti: 'j' })).toBe(false);
  });

  it('authenticates a Bearer header: a verified token is reused until it expires, the user is checked each time', async () => {
    const users = new Map<string, { id: string; role: string; active: boolean }>();
    let lookups = 0;
    const queries = {
      execute: async (q: unknown) => {
        lookups += 1;
        return q instanceof GetUserAccessQuery ? (users.get(q.id) ?? null) : null;
      },
    } as unknown as QueryBus;
    const strategy = new JwtStrategy(config, queries);
    const verifier = jest.spyOn(Strategy as unknown as { JwtVerifier: () => void }, 'JwtVerifier');
    let verifications = 0;
    verifier.mockImplementation(function (this: unknown, ...args: never[]) {
      verifications += 1;
      return (realVerifier as (...a: never[]) => void).apply(this, args);
    });
    const issuer = new JwtAccessTokenIssuer(jwt, config);
    const id = uuidv7();
    users.set(id, { id, role: 'operator', active: true });
    const { token } = issuer.issue({ id, role: 'operator' });
    expect(await run(strategy, `Bearer ${token}`)).toEqual({ userId: id, role: 'operator' });
    expect(await run(strategy, `bearer ${token}`)).toEqual({ userId: id, role: 'operator' });
    expect(lookups).toBe(2);
    expect(verifications).toBe(1);
    users.set(id, { id, role: 'operator', active: false });
    expect(await run(strategy, `Bearer ${token}`)).toBe(false);
    expect(await run(strategy, undefined)).toBe(false);
    expect(await run(strategy, token)).toBe(false);
    expect(await run(strategy, `Bearer ${token}x`)).toBe(false);
    const forged = jwt.sign(
      { sub: id, role: 'admin', typ: 'access', jti: 'j' },
      { secret: 'another-secret-0123456789abcdef0123456', audience: JWT_AUDIENCE, issuer: JWT_ISSUER },
    );
    expect(await run(strategy, `Bearer ${forged}`)).toBe(false);
    users.set(id, { id, role: 'operator', active: true });
    const expired = jwt.sign(
      { sub: id, role: 'operator', typ: 'access', jti: 'k', exp: Math.floor(Date.now() / 1000) - 1 },
      { secret: config.jwt.accessSecret, audience: JWT_AUDIENCE, issuer: JWT_ISSUER },
    );
    expect(await run(strategy, `Bearer ${expired}`)).toBe(false);
    verifier.mockRestore();
  });

  it('stops accepting a cached token once it expires', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const id = uuidv7();
      const queries = {
        execute: async () => ({ id, role: 'operator', active: true }),
      } as unknown as QueryBus;
      const short = { jwt: { ...config.jwt, accessTtlSeconds: 2 } } as AppConfig;
      const strategy = new JwtStrategy(short, queries);
      const { token } = new JwtAccessTokenIssuer(jwt, short).issue({ id, role: 'operator' });
      expect(await run(strategy, `Bearer ${token}`)).toEqual({ userId: id, role: 'operator' });
      jest.advanceTimersByTime(3000);
      expect(await run(strategy, `Bearer ${token}`)).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
