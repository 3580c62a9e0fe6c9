import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Paths the API keeps; everything else is the back office (`web/`, built into `dist/web`). */
const API_PATHS = /^\/(api|docs|health|metrics|openapi\.json)(\/|$|\?|-)/;

/** Where `npm run build` puts the web app: `dist/web` next to the compiled server. */
export const WEB_APP_DIR = resolve(__dirname, '..', '..', 'web');

/**
 * Serves the built web app at `/`: hashed files under `/assets` cached for a year (immutable),
 * `index.html` never cached, and the HTML for any other GET that is not an API path and has
 * no file extension (client routes such as `/orders/42`). Does nothing when the app is not built.
 */
export function serveWebApp(app: NestExpressApplication, dir = WEB_APP_DIR): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const assets = express.static(join(dir, 'assets'), {
    immutable: true,
    maxAge: '365d',
    index: false,
    fallthrough: false,
  });
  const files = express.static(dir, { index: false, maxAge: '1h' });
  const sendIndex = (res: Response): void => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    if (req.path.startsWith('/assets/')) {
      req.url = req.url.slice('/assets'.length);
      return assets(req, res, next);
    }
    if (req.path === '/' || req.path === '/index.html') return sendIndex(res);
    files(req, res, () => {
      if (/\.[a-z0-9]+$/i.test(req.path)) return next();
      sendIndex(res);
    });
  });
  return true;
}
