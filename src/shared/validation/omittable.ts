import { ValidateIf } from 'class-validator';

/**
 * Like `@IsOptional()`, but only an absent field skips validation: `null` is validated like any
 * other value and so refused by the field's type checks. Use it for every optional field that is
 * not nullable (`@IsOptional()` would let `null` through to a NOT NULL column or a domain method).
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

/** The largest PostgreSQL `integer`: versions and other int columns cannot hold more. */
export const PG_INT_MAX = 2_147_483_647;
