import type { ExecutionContext } from '@nestjs/common';
import type { QueryBus } from '@nestjs/cqrs';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import passport from 'passport';
import type { AppConfig } from '../../../config/app-config';
import { RequestContext } from '../../../shared/context/request-context';
import { DomainError } from '../../../shared/domain/domain-error';
import { uuidv7 } from '../../../shared/domain/uuid';
import { GetUserAccessQuery } from '../../users/application/queries/get-user-access/get-user-access.query';
import { JwtAccessTokenIssuer } from '../infrastructure/jwt-access-token.issuer';
import { JwtStrategy } from '../infrastructure/jwt.strategy';
import { JwtAuthGuard } from './jwt-auth.guard';

const config = {
  jwt: { accessSecret: 'guard-access-secret-0123456789abcdef012', accessTtlSeconds: 900 },
} as AppConfig;

interface FakeRequest {
  headers: { authorization?: string };
  user?: unknown;
}

function httpContext(req: FakeRequest): ExecutionContext {
  return {
    getHandler: () => httpContext,
    getClass: () => JwtAuthGuard,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}), getNext: () => undefined }),
  } as unknown as ExecutionContext;
}

describe('JwtAuthGuard', () => {
  const users = new Map<string, { id: string; role: string; active: boolean } | Error>();
  const queries = {
    execute: async (q: unknown) => {
      const found = q instanceof GetUserAccessQuery ? users.get(q.id) : undefined;
      if (found instanceof Error) throw found;
      return found ?? null;
    },
  } as unknown as QueryBus;
  const strategy = new JwtStrategy(config, queries);
  const guard = new JwtAuthGuard(new Reflector(), strategy);
  const issuer = new JwtAccessTokenIssuer(new JwtService(), config);
  const check = (req: FakeRequest) =>
    RequestContext.run({ requestId: 'r' }, async () => ({
      allowed: await guard.canActivate(httpContext(req)),
      context: RequestContext.current(),
    }));

  afterEach(() => jest.restoreAllMocks());

  it('verifies a new token through passport, then answers the same token without it, the user checked each time', async () => {
    const id = uuidv7();
    users.set(id, { id, role: 'operator', active: true });
    const { token } = issuer.issue({ id, role: 'operator' });
    const viaPassport = jest.spyOn(passport, 'authenticate');

    /** The token is let through as `role`: on the request and in the request context. */
    const acceptedAs = async (role: string) => {
      const req: FakeRequest = { headers: { authorization: `Bearer ${token}` } };
      const { allowed, context } = await check(req);
      expect(allowed).toBe(true);
      expect(req.user).toEqual({ userId: id, role });
      expect(context).toMatchObject({ userId: id, role });
    };

    await acceptedAs('operator');
    expect(viaPassport).toHaveBeenCalledTimes(1);

    // promoted meanwhile: the remembered token carries the new role, read fresh
    users.set(id, { id, role: 'supervisor', active: true });
    await acceptedAs('supervisor');
    expect(viaPassport).toHaveBeenCalledTimes(1);

    // disabled: the remembered token is refused as any bad token is
    users.set(id, { id, role: 'supervisor', active: false });
    await expect(check({ headers: { authorization: `Bearer ${token}` } })).rejects.toMatchObject({
      code: 'COMMON.UNAUTHORIZED',
    });
    expect(viaPassport).toHaveBeenCalledTimes(1);
  });

  it('passes a failing user lookup on (a 503, not a 401) and still refuses a missing or altered token', async () => {
    const id = uuidv7();
    users.set(id, { id, role: 'operator', active: true });
    const { token } = issuer.issue({ id, role: 'operator' });
    expect((await check({ headers: { authorization: `Bearer ${token}` } })).allowed).toBe(true);

    const outage = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    users.set(id, outage);
    await expect(check({ headers: { authorization: `Bearer ${token}` } })).rejects.toBe(outage);

    users.set(id, { id, role: 'operator', active: true });
    const missing = check({ headers: {} });
    await expect(missing).rejects.toBeInstanceOf(DomainError);
    await expect(missing).rejects.toMatchObject({ code: 'COMMON.UNAUTHORIZED' });
    await expect(check({ headers: { authorization: `Bearer ${token}x` } })).rejects.toMatchObject({
      code: 'COMMON.UNAUTHORIZED',
    });
  });
});
