import { createHmac } from 'node:crypto';
import { ADMIN_EMAIL, ADMIN_PASSWORD, eventually, startTestApp, type TestApp } from '../support/test-app';

function b64url(v: object | string): string {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}

function signHs256(claims: object, secret: string): string {
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url(claims);
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

describe('auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' } });
  });
  afterAll(() => t.close());

  it('logs in with the first admin from ADMIN_EMAIL / ADMIN_PASSWORD and answers /auth/me', async () => {
    const c = t.client();
    const r = await c.POST('/api/v1/auth/login', {
      body: { email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD },
    });
    expect(r.response.status).toBe(200);
    expect(r.data!.expiresIn).toBeLessThanOrEqual(900);
    expect(r.data!.refreshToken).toMatch(/^rt_/);
    c.setToken(r.data!.accessToken);
    const me = await c.GET('/api/v1/auth/me');
    expect(me.data).toEqual({
      id: expect.any(String),
      email: ADMIN_EMAIL,
      fullName: 'Administrator',
      role: 'admin',
    });
  });

  it('rejects a wrong password and an unknown e-mail with the same 401 problem', async () => {
    const c = t.client();
    const wrong = await c.POST('/api/v1/auth/login', {
      body: { email: ADMIN_EMAIL, password: 'nope-nope-nope' },
    });
    const unknown = await c.POST('/api/v1/auth/login', {
      body: { email: 'ghost@test.agency', password: 'nope-nope-nope' },
    });
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.response.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.error!.detail).toBe(unknown.error!.detail);
    expect(wrong.error!.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('rotates the refresh token on every use; the old one stops working and revokes the family', async () => {
    const { email, password } = await t.userClient('operator');
    const c = t.client();
    const first = (await c.POST('/api/v1/auth/login', { body: { email, password } })).data!;
    const second = await c.POST('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.response.status).toBe(200);
    expect(second.data!.refreshToken).not.toBe(first.refreshToken);
    // the rotated token works once more
    const third = await c.POST('/api/v1/auth/refresh', { body: { refreshToken: second.data!.refreshToken } });
    expect(third.response.status).toBe(200);
    // replaying a spent token: 401, and the whole family (including the newest token) is revoked
    const reuse = await c.POST('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.response.status).toBe(401);
    const afterReuse = await c.POST('/api/v1/auth/refresh', {
      body: { refreshToken: third.data!.refreshToken },
    });
    expect(afterReuse.response.status).toBe(401);
    // and the reuse is audited
    const audited = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { action: 'auth.refresh-reuse-detected' } },
      });
      return r.data!.items.length > 0 ? r.data!.items : null;
    });
    expect(audited[0].entity).toBe('user');
  });

  it('lets at most one of two parallel refreshes of the same token win', async () => {
    const { email, password } = await t.userClient('accountant');
    const c = t.client();
    const pair = (await c.POST('/api/v1/auth/login', { body: { email, password } })).data!;
    const results = await Promise.all(
      [0, 1, 2].map(() => c.POST('/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })),
    );
    const ok = results.filter((r) => r.response.status === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    expect(results.every((r) => r.response.status === 200 || r.response.status === 401)).toBe(true);
  });

  it('rejects alg=none, tampered, foreign-secret, refresh-typed and expired access tokens with 401', async () => {
    const good = (
      await t.client().POST('/api/v1/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })
    ).data!.accessToken;
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`;
    const tampered = `${h}.${b64url({ ...claims, role: 'admin', sub: claims.sub })}x.${s}`;
    const promoted = `${h}.${b64url({ ...claims, exp: (claims.exp as number) + 3600 })}.${s}`;
    const foreign = signHs256(claims, 'some-other-secret-0123456789abcdef012345');
    const now = Math.floor(Date.now() / 1000);
    const secret = t.config.jwt.accessSecret;
    const expired = signHs256({ ...claims, iat: now - 3600, exp: now - 60 }, secret);
    const wrongType = signHs256({ ...claims, typ: 'refresh' }, secret);
    const wrongAudience = signHs256({ ...claims, aud: 'someone-else' }, secret);
    for (const token of [none, tampered, promoted, foreign, expired, wrongType, wrongAudience, 'garbage']) {
      const r = await t.client(token).GET('/api/v1/auth/me');
      expect(r.response.status).toBe(401);
      expect(r.error!.code).toBe('COMMON.UNAUTHORIZED');
    }
    // the control: the untouched token works
    expect((await t.client(good).GET('/api/v1/auth/me')).response.status).toBe(200);
    // and no token at all
    expect((await t.client().GET('/api/v1/auth/me')).response.status).toBe(401);
  });

  it('ends every session of a disabled user at once: access and refresh both fail', async () => {
    const u = await t.userClient('operator');
    const c = t.client();
    const pair = (await c.POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } }))
      .data!;
    const user = (await t.admin.GET('/api/v1/users/{id}', { params: { path: { id: u.id } } })).data!;
    const patched = await t.admin.PATCH('/api/v1/users/{id}', {
      params: { path: { id: u.id } },
      body: { active: false, version: user.version },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data!.active).toBe(false);
    expect((await u.client.GET('/api/v1/auth/me')).response.status).toBe(401);
    const refreshed = await c.POST('/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } });
    expect(refreshed.response.status).toBe(401);
    const login = await c.POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } });
    expect(login.response.status).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    const u = await t.userClient('supervisor');
    const c = t.client();
    const pair = (await c.POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } }))
      .data!;
    c.setToken(pair.accessToken);
    expect(
      (await c.POST('/api/v1/auth/logout', { body: { refreshToken: pair.refreshToken } })).response.status,
    ).toBe(204);
    expect(
      (await c.POST('/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })).response.status,
    ).toBe(401);
  });

  it('throttles repeated failures per account with 429 and Retry-After, without revealing the account', async () => {
    const u = await t.userClient('operator');
    const c = t.client();
    for (let i = 0; i < 5; i++) {
      const r = await c.POST('/api/v1/auth/login', {
        body: { email: u.email, password: 'wrong-password-1' },
      });
      expect(r.response.status).toBe(401);
    }
    const blocked = await c.POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } });
    expect(blocked.response.status).toBe(429);
    expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.error!.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    // an unknown e-mail is throttled the same way, so 429 does not reveal that an account exists
    for (let i = 0; i < 5; i++) {
      await c.POST('/api/v1/auth/login', {
        body: { email: 'nobody@test.agency', password: 'wrong-password-1' },
      });
    }
    const ghost = await c.POST('/api/v1/auth/login', {
      body: { email: 'nobody@test.agency', password: 'x' },
    });
    expect(ghost.response.status).toBe(429);
    // other accounts from the same address are unaffected
    const other = await c.POST('/api/v1/auth/login', {
      body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(other.response.status).toBe(200);
  });

  it('audits successful and failed logins', async () => {
    const ok = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', { params: { query: { action: 'auth.logged-in' } } });
      return r.data!.total > 0 ? r.data! : null;
    });
    const failed = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', { params: { query: { action: 'auth.login-failed' } } });
      return r.data!.total > 0 ? r.data! : null;
    });
    expect(ok.items[0].entity).toBe('user');
    expect(failed.items.some((e) => (e.diff as { reason?: string }).reason === 'unknown-user')).toBe(true);
  });
});
