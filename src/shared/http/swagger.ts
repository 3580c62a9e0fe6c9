import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemDto } from '../errors/problem';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Malformed request (e.g. invalid JSON)',
  '401': 'Missing, invalid or expired access token',
  '403': 'Your role may not do this',
  '404': 'No such resource',
  '409': 'Conflict: duplicate, stale version or forbidden state change',
  '413': 'Request body too large',
  '422': 'Validation failed; `errors` lists each field',
  '429': 'Too many requests; see Retry-After',
};

interface OperationLike {
  responses?: Record<string, unknown>;
  security?: unknown;
  requestBody?: unknown;
}

/** The problem responses an operation can give, from its method, path and security. */
function errorCodesFor(method: string, path: string, op: OperationLike): string[] {
  const codes = ['400', '422', '429'];
  if (op.security) codes.push('401', '403');
  else if (path.includes('/auth/')) codes.push('401'); // sign-in answers 401 on bad credentials
  if (path.includes('{')) codes.push('404');
  if (method !== 'get') codes.push('409');
  if (op.requestBody) codes.push('413');
  return codes;
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
  const problemRef = { $ref: '#/components/schemas/ProblemDto' };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, OperationLike]>) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      for (const code of errorCodesFor(method, path, op)) {
        op.responses[code] ??= {
          description: ERROR_RESPONSES[code],
          content: { 'application/problem+json': { schema: problemRef } },
        };
      }
    }
  }
  return sortKeys(doc);
}

export function setupSwagger(app: INestApplication, doc: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, doc, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    useGlobalPrefix: false,
  });
}
