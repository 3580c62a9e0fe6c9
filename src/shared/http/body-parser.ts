import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as express from 'express';
import { ValidationError } from '../domain/domain-error';
import { sendProblem, toProblem } from '../errors/problem-details.filter';
import { problem } from '../errors/problem';

/** Deepest nesting of arrays/objects a JSON body may have; deeper bodies get 400 before parsing. */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting in raw JSON text, counted in one pass without recursion (brackets inside
 * strings do not count). Stops counting as soon as `limit` is exceeded and returns `limit + 1`.
 */
export function jsonDepth(raw: Uint8Array, limit = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return max;
}

/**
 * The path of the first string containing U+0000 (PostgreSQL text cannot hold it), if any.
 * Walks with an explicit stack: no input, however deep, can overflow the call stack.
 */
export function findNul(value: unknown, path = ''): string | null {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return p || '(body)';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`]);
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i];
        stack.push([child, p ? `${p}.${k}` : k]);
      }
    }
  }
  return null;
}

class TooDeepError extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
}

/** Routes whose handlers verify a signature over the exact bytes received (WhatsApp webhooks). */
const RAW_BODY_ROUTES = /^\/api\/v1\/integrations\/whatsapp\/[^/?]+\/webhook(\?|$)/;

/** The exact bytes of a JSON body, kept only on {@link RAW_BODY_ROUTES} (`req.rawBody`). */
export type RequestWithRawBody = Request & { rawBody?: Buffer };

/**
 * JSON body parsing with errors answered as problem+json (400 malformed or nested deeper than
 * MAX_JSON_DEPTH, 413 too large, 415 bad charset) before the request reaches any route.
 */
export function jsonBodyParser(limit: string): RequestHandler {
  const parse = express.json({
    limit,
    strict: true,
    type: ['application/json', 'application/*+json'],
    // runs on the raw bytes before JSON.parse
    verify: (req, _res, buf) => {
      if (jsonDepth(buf, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        throw new TooDeepError(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      if (RAW_BODY_ROUTES.test(req.url ?? '')) (req as RequestWithRawBody).rawBody = buf;
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (err) {
        if ((err as { type?: unknown }).type === 'entity.too.deep') {
          sendProblem(res, problem(400, 'COMMON.MALFORMED_REQUEST', (err as Error).message));
        } else {
          sendProblem(res, toProblem(err));
        }
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
