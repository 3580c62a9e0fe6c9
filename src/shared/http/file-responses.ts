import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

const BINARY = { type: 'string', format: 'binary' } as const;

/**
 * A 200 that is JSON by default and a file for `?format=` (CSV, PDF): each media type gets its own
 * schema, so the generated client types the JSON as the DTO and the file as binary (read it with
 * `parseAs: 'text'` or `'blob'`).
 */
export function ApiJsonOrFileResponse(type: Type<unknown>, ...fileTypes: string[]): MethodDecorator {
  const content: Record<string, { schema: object }> = {
    'application/json': { schema: { $ref: getSchemaPath(type) } },
  };
  for (const t of fileTypes) content[t] = { schema: BINARY };
  return applyDecorators(ApiExtraModels(type), ApiOkResponse({ description: 'JSON, or the file', content }));
}

/** A 200 that is only a file (CSV, 1C text, PDF) in one of these media types. */
export function ApiFileResponse(...fileTypes: string[]): MethodDecorator {
  const content: Record<string, { schema: object }> = {};
  for (const t of fileTypes) content[t] = { schema: BINARY };
  return ApiOkResponse({ description: 'The file', content });
}
