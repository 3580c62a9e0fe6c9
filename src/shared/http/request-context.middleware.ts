import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as winston from 'winston';
import { RequestContext, type RequestContextStore } from '../context/request-context';
import { uuidv7 } from '../domain/uuid';
import { headerOf, type HttpRequest, pathOf } from './http-types';

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Opens the request context (request id from `X-Request-Id` when it looks sane, else a new one),
 * echoes the id back, and writes one access-log line when the response finishes. Three Fastify
 * hooks: `onRequest` creates the context, `preHandler` runs the route inside it (after the body was
 * read, so the handler's async work carries it), `onResponse` logs.
 */
export function requestContextHooks(logger: winston.Logger) {
  return {
    onRequest(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
      const incoming = headerOf(req, 'x-request-id');
      const requestId = incoming && REQUEST_ID_RE.test(incoming) ? incoming : uuidv7();
      reply.header('X-Request-Id', requestId);
      const store: RequestContextStore = { requestId, ip: req.ip };
      (req as HttpRequest).contextStore = store;
      RequestContext.run(store, done);
    },
    preHandler(req: FastifyRequest, _reply: FastifyReply, done: () => void): void {
      const store = (req as HttpRequest).contextStore;
      if (store) RequestContext.run(store, done);
      else done();
    },
    onResponse(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
      done();
      const level = reply.statusCode >= 500 ? 'error' : 'info';
      // winston formats (and redacts, and serialises) an entry before its transports drop it
      // for its level: the access log costs nothing when LOG_LEVEL is above `info`
      if (!logger.isLevelEnabled(level)) return;
      // Fastify's own clock from the request's start, as the metrics hook reads it
      const durationMs = reply.elapsedTime;
      const store = (req as HttpRequest).contextStore ?? { requestId: 'unknown' };
      RequestContext.run(store, () => {
        logger.log(level, 'request', {
          context: 'HTTP',
          method: req.method,
          // the path only: query strings may carry personal data (search by phone, e-mail)
          path: pathOf(req),
          // the matched route pattern (`/api/v1/orders/:id`), for grouping; absent when none matched
          route: routeOf(req),
          status: reply.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
        });
      });
    },
  };
}

/** The matched route pattern (`/api/v1/orders/:id`), or undefined when no route matched. */
export function routeOf(req: FastifyRequest): string | undefined {
  return req.is404 ? undefined : req.routeOptions.url;
}
