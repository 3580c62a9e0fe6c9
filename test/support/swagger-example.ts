/**
 * The request body Swagger UI's "Try it out" fills in for an operation, built from `openapi.json`
 * the way Swagger UI's sampler does: every property (optional ones too), its `example` when it has
 * one, else the first enum value, else a default by type and format ("string", 0, true, a fixed
 * uuid, now as a date-time). A test sends it as-is to check the examples work on a fresh database.
 */

export interface ExampleSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  items?: ExampleSchema;
  properties?: Record<string, ExampleSchema>;
  allOf?: ExampleSchema[];
  oneOf?: ExampleSchema[];
  anyOf?: ExampleSchema[];
  readOnly?: boolean;
  additionalProperties?: boolean | ExampleSchema;
}

/** Swagger UI's placeholder uuid. */
export const SWAGGER_UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

export function sampleOf(
  schemas: Record<string, ExampleSchema>,
  input: ExampleSchema | undefined,
  depth = 0,
): unknown {
  if (!input || depth > 8) return undefined;
  let s = input;
  while (s.$ref)
    s = { ...schemas[s.$ref.split('/').pop()!], ...(s.example !== undefined ? { example: s.example } : {}) };
  if (s.example !== undefined) return s.example;
  if (s.allOf?.length) {
    const merged: ExampleSchema = { type: 'object', properties: {} };
    for (const part of s.allOf) {
      let p = part;
      while (p.$ref) p = schemas[p.$ref.split('/').pop()!];
      Object.assign(merged.properties!, p.properties ?? {});
      if (p.type && p.type !== 'object') return sampleOf(schemas, p, depth + 1);
    }
    return sampleOf(schemas, merged, depth + 1);
  }
  if (s.oneOf?.length || s.anyOf?.length) return sampleOf(schemas, (s.oneOf ?? s.anyOf)![0], depth + 1);
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        if (prop.readOnly) continue;
        out[name] = sampleOf(schemas, prop, depth + 1);
      }
      if (!s.properties && s.additionalProperties) {
        out.additionalProp1 =
          typeof s.additionalProperties === 'object'
            ? sampleOf(schemas, s.additionalProperties, depth + 1)
            : {};
      }
      return out;
    }
    case 'array':
      return [sampleOf(schemas, s.items, depth + 1)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'string':
      switch (s.format) {
        case 'uuid':
          return SWAGGER_UUID;
        case 'date-time':
          return new Date().toISOString();
        case 'date':
          return new Date().toISOString().slice(0, 10);
        case 'email':
          return 'user@example.com';
        case 'binary':
          return '';
        default:
          return 'string';
      }
    default:
      return {};
  }
}
