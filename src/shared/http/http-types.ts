import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContextStore } from '../context/request-context';

/** The request a controller or hook sees (Fastify's), with what this app's hooks attach to it. */
export type HttpRequest = FastifyRequest & {
  /** The exact bytes of a JSON body, kept only on routes that verify a signature over them. */
  rawBody?: Buffer;
  /** This request's context (request id, caller), opened by the request-context hook. */
  contextStore?: RequestContextStore;
};

export type HttpReply = FastifyReply;

/** The path of a request without its query string (`/api/v1/orders/42`). */
export function pathOf(req: { url: string }): string {
  const q = req.url.indexOf('?');
  return q < 0 ? req.url : req.url.slice(0, q);
}

/** One request header as a single string (the first when repeated), or undefined. */
export function headerOf(req: { headers: Record<string, string | string[] | undefined> }, name: string) {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Adds `field` to the reply's `Vary` header (once). */
export function vary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  if (current === undefined || current === '') {
    reply.header('vary', field);
    return;
  }
  const list = String(current)
    .split(',')
    .map((s) => s.trim().toLowerCase());
  if (!list.includes(field.toLowerCase()) && !list.includes('*'))
    reply.header('vary', `${String(current)}, ${field}`);
}
