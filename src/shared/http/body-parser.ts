import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from '../domain/domain-error';
import type { HttpRequest } from './http-types';

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

/** Routes whose handlers verify a signature over the exact bytes received (WhatsApp webhooks). */
const RAW_BODY_ROUTES = /^\/api\/v1\/integrations\/whatsapp\/[^/?]+\/webhook(\?|$)/;

/** `application/json` and `application/*+json`, with or without parameters. */
const JSON_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json\s*(?:;|$)/i;

/** BODY_LIMIT (`512kb`, `1mb`) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const m = /^(\d+)(kb|mb)$/i.exec(limit);
  if (!m) throw new Error(`not a body limit: ${limit}`);
  return Number(m[1]) * (m[2].toLowerCase() === 'kb' ? 1024 : 1024 * 1024);
}

const malformed = (message: string) => new DomainError('COMMON.MALFORMED_REQUEST', message);

/**
 * The JSON body as body-parser's strict mode read it: empty is `{}`, anything but an object or an
 * array is 400, a body nested deeper than MAX_JSON_DEPTH is 400 before it is parsed, a charset
 * other than UTF-8 or an encoded (compressed) body is 415. Exported for its spec.
 */
export function parseJsonBody(
  raw: Buffer,
  contentType: string,
  contentEncoding: string | undefined,
): unknown {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new DomainError('COMMON.UNSUPPORTED_MEDIA_TYPE', `Unsupported charset "${charset.toUpperCase()}"`);
  }
  if (contentEncoding && contentEncoding.toLowerCase() !== 'identity') {
    throw new DomainError('COMMON.UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported');
  }
  if (raw.length === 0) return {};
  if (jsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw malformed(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const text = raw.toString('utf8');
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw malformed('The request body is not valid JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed('The request body is not valid JSON');
  }
}

/**
 * The app's request body parsing, in place of Fastify's: JSON (above) up to BODY_LIMIT (413
 * beyond it), its exact bytes kept on {@link RAW_BODY_ROUTES} as `rawBody`; any other type is not
 * read here — a multipart upload is streamed by its handler (`receiveFile`), and a body nobody
 * reads is discarded, as with Express before. Errors become problem+json in the exception filter.
 */
export function registerBodyParsers(fastify: FastifyInstance, limit: string): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    JSON_TYPE,
    { parseAs: 'buffer', bodyLimit: bodyLimitBytes(limit) },
    (req: FastifyRequest, raw: Buffer, done: (err: Error | null, body?: unknown) => void) => {
      try {
        const body = parseJsonBody(raw, req.headers['content-type'] ?? '', req.headers['content-encoding']);
        if (RAW_BODY_ROUTES.test(req.url)) (req as HttpRequest).rawBody = raw;
        done(null, body);
      } catch (err) {
        done(err as Error);
      }
    },
  );
  fastify.addContentTypeParser('*', (_req: FastifyRequest, _payload: unknown, done: (err: null) => void) =>
    done(null),
  );
}

/** A string holding U+0000 in the body or the query is 422 naming the field (PostgreSQL text cannot hold it). */
export function rejectNul(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const field = findNul(req.body) ?? findNul(req.query);
  if (field) return done(ValidationError.field(field, `${field} must not contain NUL characters`));
  done();
}
