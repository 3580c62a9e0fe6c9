import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * A Fastify `onRequest` hook.
 */
export function securityHeaders() {
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
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    ran = true;
  });
  if (!ran) throw new Error('helmet did not finish synchronously');
  const headers = Object.fromEntries(set.filter(([name]) => !removed.includes(name)));
  return (_req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    reply.headers(headers);
    done();
  };
}
