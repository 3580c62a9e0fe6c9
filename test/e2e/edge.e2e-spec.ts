import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

async function login(t: TestApp, email: string, password: string, ip: string): Promise<number> {
  const res = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** What faces the network: /metrics access, security headers, trusted proxies, sign-in throttling. */
describe('the edge of the app: metrics, headers, proxies, throttling (e2e)', () => {
  describe('with defaults (no METRICS_TOKEN, proxies trusted on loopback only)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '2', LOGIN_MAX_FAILURES_PER_IP: '3' },
      });
    });
    afterAll(() => t.close());

    it('answers /metrics on loopback with the outbox backlog gauges when no token is configured', async () => {
      const res = await fetch(`${t.baseUrl}/metrics`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toMatch(/^outbox_pending_events \d+$/m);
      expect(text).toMatch(/^outbox_parked_events \d+$/m);
      expect(text).toMatch(/^outbox_oldest_pending_age_seconds [\d.e+-]+$/m);
    });

    it('refuses /metrics with 403 when a local proxy relays it for an outside client', async () => {
      const res = await fetch(`${t.baseUrl}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.text()).not.toContain('http_request_duration_seconds');
    });

    it('counts a parked outbox event in the gauge when one is parked', async () => {
      const { Client } = await import('pg');
      const c = new Client({ connectionString: t.db.url });
      await c.connect();
      try {
        // the late event is not due (next attempt tomorrow) from the moment it exists: inserted due
        // and postponed by a second statement, the relay could deliver it in between
        await c.query(
          `INSERT INTO outbox (id, name, aggregate_type, occurred_at, actor_role, payload, status, created_at,
                               next_attempt_at)
           VALUES (gen_random_uuid(), 'probe.parked', 'probe', now(), 'system', '{}', 'parked', now(), now()),
                  (gen_random_uuid(), 'probe.late', 'probe', now(), 'system', '{}', 'pending',
                   now() - interval '1 hour', now() + interval '1 day')`,
        );
      } finally {
        await c.end();
      }
      await new Promise((r) => setTimeout(r, 1100)); // past the one-second scrape cache
      const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
      expect(Number(/^outbox_parked_events (\d+)$/m.exec(text)![1])).toBeGreaterThanOrEqual(1);
      expect(Number(/^outbox_oldest_pending_age_seconds ([\d.e+-]+)$/m.exec(text)![1])).toBeGreaterThan(3500);
    });

    it('sends security headers on API responses, errors included', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/auth/me`);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });

    it('serves Swagger UI at /docs with a CSP its scripts and styles fit', async () => {
      const res = await fetch(`${t.baseUrl}/docs`);
      const html = await res.text();
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      // every script is an external file from this origin (no inline script the CSP would block)
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(body.trim()).toBe('');
        const src = /src="([^"]+)"/.exec(attrs)![1];
        const js = await fetch(new URL(src, `${t.baseUrl}/docs`));
        expect(js.status).toBe(200);
      }
    });

    it('lets the owner sign in from a known IP when others fail on the account from many IPs', async () => {
      const u = await t.userClient('operator');
      expect(await login(t, u.email, u.password, '198.51.100.10')).toBe(200);
      // 20 failures from 20 addresses: each under the pair limit, far over the account-wide one (2 × 4)
      const attack: number[] = [];
      for (let i = 1; i <= 20; i++)
        attack.push(await login(t, u.email, 'wrong-password-1', `203.0.113.${i}`));
      expect(attack.slice(0, 8)).toEqual(Array(8).fill(401));
      expect(attack.slice(8)).toEqual(Array(12).fill(429));
      expect(await login(t, u.email, u.password, '203.0.113.200')).toBe(429);
      expect(await login(t, u.email, u.password, '198.51.100.10')).toBe(200);
    });

    it('takes the client IP from X-Forwarded-For when the proxy is on loopback', async () => {
      // 3 failures per IP allowed; 5 failures from 5 forwarded addresses are 5 different clients
      for (let i = 1; i <= 5; i++) {
        expect(await login(t, `nobody${i}@test.agency`, 'x-wrong-1', `192.0.2.${i}`)).toBe(401);
      }
    });
  });

  describe('with METRICS_TOKEN and TRUST_PROXY naming a proxy network the test is not in', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        env: { METRICS_TOKEN, TRUST_PROXY: '10.0.0.0/8', LOGIN_MAX_FAILURES_PER_IP: '3' },
      });
    });
    afterAll(() => t.close());

    it('answers /metrics only with the bearer token when one is configured', async () => {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${t.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${t.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('outbox_pending_events');
    });

    it('ignores X-Forwarded-For from an untrusted peer when counting failures per IP', async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) {
        statuses.push(await login(t, `nobody${i}@test.agency`, 'x-wrong-1', `192.0.2.${i}`));
      }
      // all four came from 127.0.0.1 as far as the app may believe: the fourth is over the IP limit
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(await login(t, ADMIN_EMAIL, ADMIN_PASSWORD, '192.0.2.99')).toBe(429);
    });
  });
});
