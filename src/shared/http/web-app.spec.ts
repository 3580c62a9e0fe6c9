import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveWebApp } from './web-app';

describe('serveWebApp', () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'robots.txt'), 'User-agent: *');
    const app = express();
    expect(serveWebApp(app as unknown as NestExpressApplication, dir)).toBe(true);
    // what Nest would register behind it
    app.get('/api/v1/orders', (_req, res) => void res.json({ api: true }));
    app.get('/docs', (_req, res) => void res.send('swagger'));
    app.get('/health/live', (_req, res) => void res.json({ status: 'ok' }));
    app.post('/orders', (_req, res) => void res.status(404).send('not here'));
    app.use((_req: express.Request, res: express.Response) => void res.status(404).send('api 404'));
    await new Promise<void>((r) => (server = app.listen(0, '127.0.0.1', () => r())));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
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

  it('serves other files and passes on a missing file or a non-GET when they are not routes', async () => {
    expect(await (await fetch(`${base}/robots.txt`)).text()).toBe('User-agent: *');
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${base}/orders`, { method: 'POST' })).status).toBe(404);
  });

  it('does nothing when the web app is not built', () => {
    const app = express();
    expect(serveWebApp(app as unknown as NestExpressApplication, join(dir, 'missing'))).toBe(false);
  });
});
