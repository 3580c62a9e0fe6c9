import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as express from 'express';
import { ValidationError } from '../domain/domain-error';
import { sendProblem, toProblem } from '../errors/problem-details.filter';

/** The path of the first string containing U+0000 (PostgreSQL text cannot hold it), if any. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const hit = findNul(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return null;
}

/** Routes whose handlers verify a signature over the exact bytes received (WhatsApp webhooks). */
const RAW_BODY_ROUTES = /^\/api\/v1\/integrations\/whatsapp\/[^/?]+\/webhook(\?|$)/;

/** The exact bytes of a JSON body, kept only on {@link RAW_BODY_ROUTES} (`req.rawBody`). */
export type RequestWithRawBody = Request & { rawBody?: Buffer };

/**
 * JSON body parsing with errors answered as problem+json (400 malformed, 413 too large,
 * 415 bad charset) before the request reaches any route.
 */
export function jsonBodyParser(limit: string): RequestHandler {
  const parse = express.json({
    limit,
    strict: true,
    type: ['application/json', 'application/*+json'],
    verify: (req, _res, buf) => {
      if (RAW_BODY_ROUTES.test(req.url ?? '')) (req as RequestWithRawBody).rawBody = buf;
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (err) {
        sendProblem(res, toProblem(err));
        return;
      }
      const field = findNul(req.body) ?? findNul(req.query);
      if (field) {
        sendProblem(res, toProblem(ValidationError.field(field, `${field} must not contain NUL characters`)));
        return;
      }
      next();
    });
  };
}
