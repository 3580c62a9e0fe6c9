import type * as winston from 'winston';
import { WINSTON_LOGGER } from '../../src/shared/shared.module';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app';

describe('logs (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'debug' } });
  });
  afterAll(() => t.close());

  it('writes one JSON access line per request with request id, user id, method, path, status and duration', async () => {
    const me = await t.admin.GET('/api/v1/auth/me', { headers: { 'x-request-id': 'req-logging-test-0001' } });
    expect(me.response.headers.get('x-request-id')).toBe('req-logging-test-0001');
    const line = t.logs.find((l) => l.requestId === 'req-logging-test-0001' && l.message === 'request');
    expect(line).toMatchObject({
      method: 'GET',
      path: '/api/v1/auth/me',
      route: '/api/v1/auth/me',
      status: 200,
      durationMs: expect.any(Number),
      userId: me.data!.id,
      level: 'info',
      timestamp: expect.any(String),
    });
  });

  it('never writes passwords, tokens or secrets, whatever the request did', async () => {
    const secrets: string[] = [ADMIN_PASSWORD, t.config.jwt.accessSecret, t.config.jwt.refreshSecret];
    const c = t.client();
    const login = await c.POST('/api/v1/auth/login', {
      body: { email: 'admin@test.agency', password: ADMIN_PASSWORD },
    });
    secrets.push(login.data!.accessToken, login.data!.refreshToken);
    const refreshed = await c.POST('/api/v1/auth/refresh', {
      body: { refreshToken: login.data!.refreshToken },
    });
    secrets.push(refreshed.data!.accessToken, refreshed.data!.refreshToken);
    // a spent token replayed (reuse detection logs and audits), a failed login, a user with a password
    await c.POST('/api/v1/auth/refresh', { body: { refreshToken: login.data!.refreshToken } });
    await c.POST('/api/v1/auth/login', {
      body: { email: 'admin@test.agency', password: 'Wrong-Secret-Passw0rd-77' },
    });
    secrets.push('Wrong-Secret-Passw0rd-77');
    const created = await t.admin.POST('/api/v1/users', {
      body: {
        email: `logged.${Date.now()}@test.agency`,
        password: 'New-User-Secret-Passw0rd-1',
        fullName: 'Logged',
        role: 'operator',
      },
    });
    secrets.push('New-User-Secret-Passw0rd-1');
    // a request that fails validation echoes nothing of its body into the logs
    await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@test.agency', password: 'Body-Echo-Secret-1', extra: 'x' }),
    });
    secrets.push('Body-Echo-Secret-1');
    // even code that carelessly logs a token or a password gets it masked
    const logger = t.app.get<winston.Logger>(WINSTON_LOGGER);
    logger.warn(`refresh failed for Bearer ${login.data!.accessToken} (${login.data!.refreshToken})`, {
      password: 'Careless-Passw0rd-55',
      nested: { apiToken: '123456789:AAH-abcdefghijklmnopqrstuvwxyz012345' },
    });
    secrets.push('Careless-Passw0rd-55', '123456789:AAH-abcdefghijklmnopqrstuvwxyz012345');
    expect(created.response.status).toBe(201);
    const all = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(5);
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).toContain('[redacted]');
  });
});
