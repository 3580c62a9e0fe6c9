import { ApiExtension } from '@nestjs/swagger';
import type { ErrorCode } from '../errors/error-codes';

/** The OpenAPI extension carrying the operation's own error codes; `buildOpenApiDocument` folds it into responses. */
export const PROBLEM_CODES_EXTENSION = 'x-problem-codes';

/**
 * The error codes this operation can answer besides the ones every operation of its kind gives
 * (derived in `swagger.ts`: `COMMON.VALIDATION`, `COMMON.FORBIDDEN` when secured, `COMMON.NOT_FOUND`
 * with a path id, `COMMON.CONFLICT` on writes, `COMMON.VERSION_CONFLICT` with a version or If-Match,
 * the idempotency codes with an Idempotency-Key). Each code's status comes from `ERROR_STATUS`, so
 * `@ApiProblems('ORDERS.LOCKED', 'DOCUMENTS.FINAL')` documents a 409 whose `code` enum lists both.
 */
export const ApiProblems = (...codes: ErrorCode[]): MethodDecorator =>
  ApiExtension(PROBLEM_CODES_EXTENSION, [...codes].sort());
