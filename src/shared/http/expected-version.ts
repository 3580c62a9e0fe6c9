import { ApiHeader } from '@nestjs/swagger';
import { ValidationError } from '../domain/domain-error';

/**
 * The version a PATCH expects: the body's `version` or the `If-Match` header (`"3"`, `W/"3"`, `3`).
 * Required: an update without it could silently overwrite someone else's change.
 */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  if (bodyVersion !== undefined) return bodyVersion;
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (m) return Number(m[1]);
    throw ValidationError.field('If-Match', 'If-Match must carry the entity version, e.g. "3"');
  }
  throw ValidationError.field('version', 'version is required (body field or If-Match header)');
}

/** Documents the optional `If-Match` header of a versioned PATCH. */
export const ApiIfMatch = (): MethodDecorator =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The entity version you read (e.g. "3"), instead of the body field `version`',
  });
