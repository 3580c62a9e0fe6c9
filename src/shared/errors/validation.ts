import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { type FieldError, ValidationError } from '../domain/domain-error';
import { cacheValidationMetadata } from './validation-metadata.cache';

/** Flattens class-validator's error tree into `[{field: 'passports[0].number', message}]`. */
export function flattenValidationErrors(errors: ClassValidatorError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property)
      ? `${parent}[${e.property}]`
      : parent
        ? `${parent}.${e.property}`
        : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({
        field,
        message: message.includes('should not exist') ? `${field} is not a known field` : message,
      });
    }
    if (e.children && e.children.length > 0) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Unknown fields rejected, values transformed to their DTO types, errors as 422 with field list. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationError(flattenValidationErrors(errors)),
  });
}
