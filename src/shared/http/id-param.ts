import { Param, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '../domain/domain-error';
import { isUuid } from '../domain/uuid';

class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!isUuid(value)) throw ValidationError.field(this.name, `${this.name} must be a UUID`);
    return value.toLowerCase();
  }
}

/** A UUID path parameter; anything else is a 422 naming the parameter. */
export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new ParseIdPipe(name));
