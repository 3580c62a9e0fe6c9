import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerOf, vary } from './http-types';

const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, Location, Content-Disposition, Retry-After, X-Request-Id';
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * CORS for the back-office front ends in `CORS_ORIGINS`, preflight included. A request from any
 * other origin passes through untouched (no CORS headers, so the browser refuses the answer) —
 * route-specific CORS, like the public web form's, still applies after this. A Fastify `onRequest` hook.
 */
export function corsMiddleware(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const origin = headerOf(req, 'origin');
    if (!origin || !allowed.has(origin)) {
      done();
      return;
    }
    vary(reply, 'Origin');
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && headerOf(req, 'access-control-request-method')) {
      vary(reply, 'Access-Control-Request-Headers');
      reply.header('Access-Control-Allow-Methods', METHODS);
      reply.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      reply.header('Access-Control-Max-Age', '600');
      void reply.code(204).send();
      return;
    }
    done();
  };
}
