/**
 * The one table of error codes and the HTTP status each maps to. Modules add their codes here;
 * the global filter turns any DomainError into problem+json with this status.
 */
export const ERROR_STATUS = {
  'COMMON.MALFORMED_REQUEST': 400,
  'COMMON.VALIDATION': 422,
  'COMMON.NOT_FOUND': 404,
  'COMMON.GONE': 410,
  'COMMON.VERSION_CONFLICT': 409,
  'COMMON.CONFLICT': 409,
  'COMMON.PAYLOAD_TOO_LARGE': 413,
  'COMMON.UNSUPPORTED_MEDIA_TYPE': 415,
  'COMMON.RATE_LIMITED': 429,
  'COMMON.UNAUTHORIZED': 401,
  'COMMON.FORBIDDEN': 403,
  'COMMON.INTERNAL': 500,
  'COMMON.UNAVAILABLE': 503,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'IDEMPOTENCY.IN_PROGRESS': 409,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.INVALID_REFRESH_TOKEN': 401,
  'AUTH.TOO_MANY_ATTEMPTS': 429,
  'USERS.EMAIL_TAKEN': 409,
  'USERS.CANNOT_DELETE_SELF': 409,
  'OUTBOX.NOT_PARKED': 409,
  'STORAGE.INVALID_KEY': 422,
  'STORAGE.KEY_CONFLICT': 409,
  'STORAGE.LINK_INVALID': 403,
  'STORAGE.LINK_EXPIRED': 410,
  'CLIENTS.DUPLICATE': 409,
  'CLIENTS.MERGED': 410,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function statusOf(code: string): number {
  return (ERROR_STATUS as Record<string, number>)[code] ?? 500;
}
