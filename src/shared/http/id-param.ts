import { Param, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '../domain/domain-error';
import { isUuid } from '../domain/uuid';

/** A UUID path parameter's value, lower-cased; anything else is a 422 naming the parameter. */
export function parseId(name: string, value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value))
    throw ValidationError.field(name, `${name} must be a UUID`);
  return value.toLowerCase();
}

class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    return parseId(this.name, value);
  }
}

/** A UUID path parameter; anything else is a 422 naming the parameter. */
export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new ParseIdPipe(name));
