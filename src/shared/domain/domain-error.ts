import type { ErrorCode } from '../errors/error-codes';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A business rule said no. Carries a stable code; the HTTP status comes from the one
 * code → status table in `errors/error-codes.ts`, never from the domain.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members for the problem document (e.g. `currentVersion`, `allowed`). */
    readonly details: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super('COMMON.NOT_FOUND', `${entity} ${id} was not found`, { entity, id });
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldError[], message = 'The request is not valid') {
    super('COMMON.VALIDATION', message, {}, errors);
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** A stale `version` or a concurrent write that lost. */
export class ConcurrencyError extends DomainError {
  constructor(entity: string, id: string, currentVersion: number | null) {
    super(
      'COMMON.VERSION_CONFLICT',
      `${entity} ${id} was changed by someone else (current version ${currentVersion ?? 'unknown'})`,
      { entity, id, currentVersion },
    );
  }
}
