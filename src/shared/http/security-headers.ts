import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response, HTML and API alike (helmet 8 defaults: CSP, HSTS,
 * X-Content-Type-Options, frame-ancestors 'none' via X-Frame-Options, Referrer-Policy, CORP, …).
 * The CSP keeps Swagger UI at /docs working (its scripts are served from here, its styles are
 * inline, its icons are data: URLs); `upgrade-insecure-requests` is left out so a plain-HTTP
 * deployment (quick start, a LAN address) does not have its own scripts upgraded to HTTPS.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
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
}
