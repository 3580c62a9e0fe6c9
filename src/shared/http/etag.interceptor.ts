import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { type Observable, tap } from 'rxjs';

/** `W/"3"`: the weak ETag of an entity at version 3 (what `If-Match` sends back on the update). */
export function weakEtag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Every JSON answer that is one versioned entity (a top-level integer `version`) carries
 * `ETag: W/"<version>"`, so `If-Match: <ETag>` on the next PATCH works as HTTP clients expect
 * (`expectedVersion` reads `W/"3"`; a stale one is 409 with the current version). Every API answer is
 * `Cache-Control: private, no-cache` and `Vary: Authorization`.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const res = ctx.switchToHttp().getResponse<Response>();
    // An ETag is the version, the same for every reader, while the body depends on the reader's
    // role (masked contacts, passports): without these, a browser shared by two staff members
    // revalidated the first one's cached card for the second and showed it (found by the web e2e).
    res.setHeader('Cache-Control', 'private, no-cache');
    res.vary('Authorization');
    return next.handle().pipe(
      tap((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof body === 'object' && body !== null && Number.isInteger(version) && !res.headersSent) {
          res.setHeader('ETag', weakEtag(version as number));
        }
      }),
    );
  }
}
