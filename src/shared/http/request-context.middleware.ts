import type { NextFunction, Request, Response } from 'express';
import type * as winston from 'winston';
import { RequestContext } from '../context/request-context';
import { uuidv7 } from '../domain/uuid';

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Opens the request context (request id from `X-Request-Id` when it looks sane, else a new one),
 * echoes the id back, and writes one access-log line when the response finishes.
 */
export function requestContextMiddleware(logger: winston.Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && REQUEST_ID_RE.test(incoming) ? incoming : uuidv7();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const store = { requestId, ip: req.ip };
    res.on('finish', () => {
      const level = res.statusCode >= 500 ? 'error' : 'info';
      // winston formats (and redacts, and serialises) an entry before its transports drop it
      // for its level: the access log costs nothing when LOG_LEVEL is above `info`
      if (!logger.isLevelEnabled(level)) return;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      RequestContext.run(store, () => {
        logger.log(level, 'request', {
          context: 'HTTP',
          method: req.method,
          // the path only: query strings may carry personal data (search by phone, e-mail)
          path: req.path,
          // the matched route pattern (`/api/v1/orders/:id`), for grouping; absent when none matched
          route: routeOf(req),
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
        });
      });
    });
    RequestContext.run(store, () => next());
  };
}

function routeOf(req: Request): string | undefined {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : undefined;
}
