/**
 * Schema-driven request generation for the fuzz e2e test: reads `openapi.json`, and for each
 * operation makes requests whose parameters and bodies are valid-ish (drawn from the schemas and
 * their examples) or hostile (huge numbers, wrong types, NUL, odd unicode, missing fields, nulls).
 * Deterministic: everything comes from one seeded PRNG.
 */

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | Schema;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: { contentType: string; schema: Schema };
  secured: boolean;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Schema> };
}

/** mulberry32: small, fast, seeded. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(byMethod)) {
      const op = raw as {
        operationId: string;
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        security?: unknown[];
      };
      const content = op.requestBody?.content;
      const contentType = content ? Object.keys(content)[0] : undefined;
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        parameters: op.parameters ?? [],
        body: content && contentType ? { contentType, schema: content[contentType].schema } : undefined,
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return ops;
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '😀👨‍👩‍👧‍👦',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\ud800',
  'x'.repeat(5000),
  'Ж'.repeat(300),
  '2147483648',
  '-1',
  '1e9',
  '1.5',
  'NaN',
  'Infinity',
  'null',
  'true',
  '0000-00-00',
  '2026-02-30',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '2026-13-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0192f0c0-0000-7000-8000-000000000000',
  '{}',
  '[]',
  '\\',
  '%',
  '_',
  '*',
];

const HOSTILE_NUMBERS = [
  2147483648,
  -2147483649,
  2 ** 53 + 2,
  1e9,
  1e21,
  1e308,
  -1e308,
  1.5,
  -1,
  0,
  -0,
  1e14 + 0.25,
  0.000000001,
];

const HOSTILE_ANY: unknown[] = [null, true, false, [], {}, [null], { a: null }, 'string', 0, -1, 2147483648];

export class FuzzValues {
  constructor(
    private readonly doc: OpenApiDoc,
    private readonly rnd: Prng,
    /** Real ids to use for id-like values now and then. */
    private readonly ids: string[],
  ) {}

  resolve(s: Schema | undefined): Schema {
    let schema: Schema = s ?? {};
    for (let i = 0; i < 10 && schema.$ref; i++) {
      const name = schema.$ref.split('/').pop() as string;
      schema = { ...this.doc.components.schemas[name], nullable: schema.nullable };
    }
    if (schema.allOf && schema.allOf.length > 0) {
      const merged: Schema = { ...schema, allOf: undefined };
      for (const part of schema.allOf) {
        const p = this.resolve(part);
        merged.type = merged.type ?? p.type;
        merged.properties = { ...(merged.properties ?? {}), ...(p.properties ?? {}) };
        merged.required = [...(merged.required ?? []), ...(p.required ?? [])];
        merged.enum = merged.enum ?? p.enum;
        merged.items = merged.items ?? p.items;
        merged.format = merged.format ?? p.format;
      }
      return merged;
    }
    if (schema.oneOf?.length || schema.anyOf?.length) {
      return this.resolve(this.rnd.pick((schema.oneOf ?? schema.anyOf) as Schema[]));
    }
    return schema;
  }

  hostile(): unknown {
    const r = this.rnd.int(3);
    if (r === 0) return this.rnd.pick(HOSTILE_STRINGS);
    if (r === 1) return this.rnd.pick(HOSTILE_NUMBERS);
    return this.rnd.pick(HOSTILE_ANY);
  }

  /** A value for the schema: usually plausible, with a share of hostile ones at every level. */
  value(s: Schema | undefined, depth = 0, hostility = 0.25): unknown {
    if (this.rnd.chance(hostility)) return this.hostile();
    const schema = this.resolve(s);
    if (schema.nullable && this.rnd.chance(0.1)) return null;
    if (schema.enum?.length) return this.rnd.pick(schema.enum);
    if (schema.example !== undefined && this.rnd.chance(0.5)) return schema.example;
    switch (schema.type) {
      case 'integer':
      case 'number': {
        const lo = schema.minimum ?? 0;
        const hi = schema.maximum ?? lo + 100;
        const v = lo + this.rnd.int(Math.max(1, hi - lo + 1));
        return schema.type === 'number' && this.rnd.chance(0.2) ? v + 0.5 : v;
      }
      case 'boolean':
        return this.rnd.chance(0.5);
      case 'array': {
        if (depth > 4) return [];
        const n = this.rnd.int(4);
        return Array.from({ length: n }, () => this.value(schema.items, depth + 1, hostility));
      }
      case 'object':
      case undefined: {
        if (!schema.properties) return depth > 4 ? {} : { note: this.rnd.pick(HOSTILE_STRINGS) };
        if (depth > 5) return {};
        const out: Record<string, unknown> = {};
        const required = new Set(schema.required ?? []);
        for (const [k, p] of Object.entries(schema.properties)) {
          // drop a required field now and then; optional ones half the time
          if (required.has(k) ? this.rnd.chance(0.05) : this.rnd.chance(0.5)) continue;
          out[k] = this.value(p, depth + 1, hostility);
        }
        if (this.rnd.chance(0.05)) out.unexpectedField = this.hostile();
        return out;
      }
      case 'string':
      default:
        return this.stringFor(schema);
    }
  }

  private stringFor(schema: Schema): string {
    switch (schema.format) {
      case 'uuid':
        return this.ids.length > 0 && this.rnd.chance(0.7) ? this.rnd.pick(this.ids) : this.uuid();
      case 'date':
        return this.rnd.pick(['2027-05-01', '1985-05-17', '2026-12-31', '1900-01-01', '2100-02-28']);
      case 'date-time':
        return this.rnd.pick([
          '2027-05-01T12:00:00+03:00',
          '2026-12-01T00:00:00Z',
          '1970-01-01T00:00:00Z',
          '2099-01-01T00:00:00+14:00',
        ]);
      case 'password':
        return `Fuzz-Passw0rd-${this.rnd.int(1e6)}`;
      default: {
        const n = 1 + this.rnd.int(schema.maxLength ? Math.min(schema.maxLength, 40) : 20);
        let s = '';
        const alphabet = 'abcdefghijklmnopqrstuvwxyzАБВГДЕЖабвгде0123456789 -_.@+';
        for (let i = 0; i < n; i++) s += alphabet[this.rnd.int(alphabet.length)];
        return s;
      }
    }
  }

  /** A random (version 4 shaped) UUID from the seeded PRNG. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.rnd.int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  /** A path parameter: a real id most of the time when the name says id, else a (hostile) value. */
  pathValue(p: Parameter): string {
    if (/id$/i.test(p.name) && this.ids.length > 0 && this.rnd.chance(0.6)) return this.rnd.pick(this.ids);
    const v = this.value(p.schema, 0, 0.5);
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  queryValue(p: Parameter): string | string[] {
    if (this.rnd.chance(0.05)) return ['a', 'b'];
    const v = this.value(p.schema, 0, 0.35);
    if (typeof v === 'string') return v;
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v as number | boolean);
  }
}
