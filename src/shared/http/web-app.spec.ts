import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serveWebApp } from './web-app';

describe('serveWebApp', () => {
  let dir: string;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'robots.txt'), 'User-agent: *');
    app = Fastify();
    expect(serveWebApp(app, dir)).toBe(true);
    // what Nest would register behind it
    app.get('/api/v1/orders', async () => ({ api: true }));
    app.get('/docs', async () => 'swagger');
    app.get('/health/live', async () => ({ status: 'ok' }));
    app.post('/orders', async (_req, reply) => reply.code(404).send('not here'));
    app.setNotFoundHandler((_req, reply) => void reply.code(404).send('api 404'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / and client routes with index.html that is never cached when the path is no API path', async () => {
    for (const path of ['/', '/orders/7f1c2', '/clients?q=Иванов', '/finance']) {
      const r = await fetch(base + path);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(await r.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for a year as immutable and 404s a missing one when under /assets', async () => {
    const r = await fetch(`${base}/assets/index-abc123.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/gone-000.js`)).status).toBe(404);
  });

  it('leaves /api, /docs and /health to the API when they are asked for', async () => {
    expect(await (await fetch(`${base}/api/v1/orders`)).json()).toEqual({ api: true });
    expect(await (await fetch(`${base}/docs`)).text()).toBe('swagger');
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
    const unknownApi = await fetch(`${base}/api/v1/nothing`);
    expect(await unknownApi.text()).toBe('api 404');
  });

  it('serves other files and passes on a missing file, a path outside it or a non-GET when they are not routes', async () => {
    expect(await (await fetch(`${base}/robots.txt`)).text()).toBe('User-agent: *');
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd.txt`)).status).toBe(404);
    expect((await fetch(`${base}/orders`, { method: 'POST' })).status).toBe(404);
  });

  it('does nothing when the web app is not built', () => {
    expect(serveWebApp(Fastify(), join(dir, 'missing'))).toBe(false);
  });
});
