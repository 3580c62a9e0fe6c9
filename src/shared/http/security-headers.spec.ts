import Fastify from 'fastify';
import { securityHeaders } from './security-headers';

describe('security headers (helmet recorded once)', () => {
  it('sets helmet’s headers with the app’s CSP on each response, and no X-Powered-By', async () => {
    const app = Fastify();
    app.addHook('onRequest', securityHeaders());
    app.get('/x', async () => ({ ok: true }));
    const r = await app.inject({ method: 'GET', url: '/x' });
    await app.close();
    const headers = r.headers;
    expect(r.statusCode).toBe(200);
    const csp = String(headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("frame-src 'self' blob:");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
