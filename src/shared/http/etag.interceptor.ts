import type { NextFunction, Request, Response } from 'express';

/** `W/"3"`: the weak ETag of an entity at version 3 (what `If-Match` sends back on the update). */
export function weakEtag(version: number): string {
  return `W/"${version}"`;
}

const API_PATH = /^\/(api\/|health\/|metrics(\/|$))/;

/**
 * Every successful JSON answer that is one versioned entity (a top-level integer `version`) carries
 * `ETag: W/"<version>"`, so `If-Match: <ETag>` on the next PATCH works as HTTP clients expect
 * (`expectedVersion` reads `W/"3"`; a stale one is 409 with the current version). Every API answer is
 * `Cache-Control: private, no-cache` and `Vary: Authorization`.
 *
 * An Express middleware wrapping `res.json` rather than a global Nest interceptor: the interceptor
 * put an RxJS pipe and an AsyncResource binding on every request (~4 % of the CPU of a simple GET
 * in the issue-18 profile) for what is two headers and one look at the body.
 */
export function etagHeaders() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!API_PATH.test(req.path)) return next();
    // An ETag is the version, the same for every reader, while the body depends on the reader's
    // role (masked contacts, passports): without these, a browser shared by two staff members
    // revalidated the first one's cached card for the second and showed it (found by the web e2e).
    res.setHeader('Cache-Control', 'private, no-cache');
    res.vary('Authorization');
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const version = (body as { version?: unknown } | null)?.version;
      if (
        res.statusCode < 300 &&
        typeof body === 'object' &&
        body !== null &&
        Number.isInteger(version) &&
        !res.headersSent
      ) {
        res.setHeader('ETag', weakEtag(version as number));
      }
      return json(body);
    };
    next();
  };
}
