import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PERMISSION_EXTENSION } from '../auth/decorators';
import { ERROR_STATUS, type ErrorCode } from '../errors/error-codes';
import { PROBLEM_CONTENT_TYPE, ProblemDto } from '../errors/problem';
import { PROBLEM_CODES_EXTENSION } from './api-problems';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Malformed request (e.g. invalid JSON)',
  '401': 'Missing, invalid or expired access token',
  '403': 'Your role may not do this',
  '404': 'No such resource',
  '409': 'Conflict: duplicate, stale version or forbidden state change',
  '410': 'Gone (merged, deleted or expired)',
  '413': 'Request body too large',
  '415': 'Unsupported media type',
  '422': 'Validation failed; `errors` lists each field',
  '429': 'Too many requests; see Retry-After',
  '503': 'The database is unavailable; see Retry-After',
};

interface ParameterLike {
  in?: string;
  name?: string;
}

interface OperationLike {
  responses?: Record<string, unknown>;
  security?: unknown;
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  parameters?: ParameterLike[];
  [PROBLEM_CODES_EXTENSION]?: ErrorCode[];
  [PERMISSION_EXTENSION]?: string;
}

/** Operations without a problem 503: no database, or readiness which answers 503 with its own body. */
const NO_PROBLEM_503 = new Set(['/health/live', '/health/ready', '/metrics']);

function bodyHasVersion(doc: OpenAPIObject, op: OperationLike): boolean {
  const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
  if (!ref) return false;
  const schema = doc.components?.schemas?.[ref.split('/').pop()!] as { properties?: object } | undefined;
  return Boolean(schema?.properties && 'version' in schema.properties);
}

/**
 * The error codes an operation can answer: the ones every operation of its kind gives (derived here
 * from its method, path, security, parameters and body) plus its own (`@ApiProblems`).
 */
export function problemCodesFor(
  doc: OpenAPIObject,
  method: string,
  path: string,
  op: OperationLike,
): ErrorCode[] {
  const params = op.parameters ?? [];
  const header = (name: string): boolean =>
    params.some((p) => p.in === 'header' && p.name?.toLowerCase() === name.toLowerCase());
  const codes = new Set<ErrorCode>(['COMMON.MALFORMED_REQUEST', 'COMMON.VALIDATION']);
  const permission = op[PERMISSION_EXTENSION];
  if (permission ? permission !== 'public' : op.security) {
    codes.add('COMMON.UNAUTHORIZED').add('COMMON.FORBIDDEN');
  }
  if (path.includes('{')) codes.add('COMMON.NOT_FOUND');
  if (method !== 'get') codes.add('COMMON.CONFLICT'); // a unique violation or a lost serialization race
  if (
    header('If-Match') ||
    params.some((p) => p.in === 'query' && p.name === 'version') ||
    bodyHasVersion(doc, op)
  ) {
    codes.add('COMMON.VERSION_CONFLICT');
  }
  if (header('Idempotency-Key')) codes.add('IDEMPOTENCY.IN_PROGRESS').add('IDEMPOTENCY.KEY_REUSED');
  // a body too large, or in a charset the parser does not read
  if (op.requestBody) codes.add('COMMON.PAYLOAD_TOO_LARGE').add('COMMON.UNSUPPORTED_MEDIA_TYPE');
  if (!NO_PROBLEM_503.has(path)) codes.add('COMMON.UNAVAILABLE');
  for (const code of op[PROBLEM_CODES_EXTENSION] ?? []) codes.add(code);
  return [...codes];
}

/** Adds a problem+json response per status, with the `code` enum of that operation, to every operation. */
function addProblemResponses(doc: OpenAPIObject): void {
  const problemRef = { $ref: '#/components/schemas/ProblemDto' };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, OperationLike]>) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of problemCodesFor(doc, method, path, op)) {
        const status = ERROR_STATUS[code];
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      for (const [status, codes] of byStatus) {
        const existing = op.responses[String(status)] as { description?: string } | undefined;
        op.responses[String(status)] = {
          description: existing?.description || (ERROR_RESPONSES[String(status)] ?? 'Error'),
          content: {
            [PROBLEM_CONTENT_TYPE]: {
              schema: {
                allOf: [
                  problemRef,
                  { type: 'object', properties: { code: { type: 'string', enum: [...codes].sort() } } },
                ],
              },
            },
          },
        };
      }
      delete op[PROBLEM_CODES_EXTENSION];
    }
  }
}

/** Sorts object keys recursively, so the written openapi.json is stable across runs. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Travel CRM API')
    .setDescription(
      'Back-office API of the travel agency CRM. Errors are application/problem+json (RFC 9457); ' +
        'money is a decimal string with an ISO 4217 currency; times are ISO 8601 with offset.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
    extraModels: [ProblemDto],
  });
  addProblemResponses(doc);
  return sortKeys(doc);
}

export function setupSwagger(app: INestApplication, doc: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, doc, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    useGlobalPrefix: false,
  });
}
