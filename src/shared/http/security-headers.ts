import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response, HTML and API alike (helmet 8 defaults: CSP, HSTS,
 * X-Content-Type-Options, frame-ancestors 'none' via X-Frame-Options, Referrer-Policy, CORP, …).
 * The CSP keeps Swagger UI at /docs working (its scripts are served from here, its styles are
 * inline, its icons are data: URLs); `upgrade-insecure-requests` is left out so a plain-HTTP
 * deployment (quick start, a LAN address) does not have its own scripts upgraded to HTTPS.
 *
 * With this configuration helmet's headers do not depend on the request, so helmet runs once at
 * start-up against a recording response and each request gets the recorded headers in one loop
 * (helmet's chain of twelve middlewares per request was ~2 % of a simple authenticated GET).
 */
export function securityHeaders(): RequestHandler {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        // the web app shows a PDF it fetched (template preview) in a frame from a blob: URL
        'frame-src': ["'self'", 'blob:'],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
  });
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.push([name, String(value)]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let ran = false;
  middleware({} as Request, recorder as unknown as Response, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    ran = true;
  });
  if (!ran) throw new Error('helmet did not finish synchronously');
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
