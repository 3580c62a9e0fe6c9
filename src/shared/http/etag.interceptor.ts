import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf, vary } from './http-types';

/** `W/"3"`: the weak ETag of an entity at version 3 (what `If-Match` sends back on the update). */
export function weakEtag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Whether `If-None-Match` names this ETag (or is `*`): the client's copy is current and the answer
 * is 304. Compared weakly, as RFC 9110 asks for `If-None-Match`.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => opaque(t) === opaque(etag));
}

const API_PATH = /^\/(api\/|health\/|metrics(\/|$))/;

/**
 * Every successful JSON answer that is one versioned entity (a top-level integer `version`) carries
 * `ETag: W/"<version>"`, so `If-Match: <ETag>` on the next PATCH works as HTTP clients expect
 * (`expectedVersion` reads `W/"3"`; a stale one is 409 with the current version). Every API answer is
 * `Cache-Control: private, no-cache` and `Vary: Authorization`.
 *
 * Two Fastify hooks rather than a global Nest interceptor: the interceptor put an RxJS pipe and an
 * AsyncResource binding on every request (~4 % of the CPU of a simple GET in the issue-18 profile)
 * for what is two headers and one look at the body.
 */
export const etagHeaders = {
  /** `onRequest`: the caching headers of every API answer. */
  onRequest(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (API_PATH.test(pathOf(req))) {
      // An ETag is the version, the same for every reader, while the body depends on the reader's
      // role (masked contacts, passports): without these, a browser shared by two staff members
      // revalidated the first one's cached card for the second and showed it (found by the web e2e).
      reply.header('Cache-Control', 'private, no-cache');
      vary(reply, 'Authorization');
    }
    done();
  },
  /** `preSerialization`: the ETag of a versioned entity, from the object about to be serialised. */
  preSerialization(
    req: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (err: null, payload: unknown) => void,
  ): void {
    const version = (payload as { version?: unknown } | null)?.version;
    if (
      reply.statusCode < 300 &&
      typeof payload === 'object' &&
      payload !== null &&
      Number.isInteger(version) &&
      API_PATH.test(pathOf(req))
    ) {
      reply.header('ETag', weakEtag(version as number));
    }
    done(null, payload);
  },
};
