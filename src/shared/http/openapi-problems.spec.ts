import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ERROR_STATUS } from '../errors/error-codes';

/**
 * Walks the committed openapi.json (CI fails when it drifts from the controllers): every operation
 * documents its problem responses with the `code` enum it can answer.
 */
interface Schema {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  enum?: string[];
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  'x-permission'?: string;
}

const doc = JSON.parse(readFileSync(resolve(__dirname, '../../../openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method, op })),
);
const byId = new Map(operations.map((o) => [o.op.operationId, o.op]));

function codes(op: Operation, status: number): string[] {
  const schema = op.responses[String(status)]?.content?.['application/problem+json']?.schema;
  return schema?.allOf?.[1]?.properties?.code?.enum ?? [];
}

describe('openapi.json error responses', () => {
  it('has operations to check', () => {
    expect(operations.length).toBeGreaterThan(90);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]))(
    '%s: every 4xx/5xx is problem+json with the problem schema and a code enum of that status',
    (_name, { op, path }) => {
      const statuses = Object.keys(op.responses)
        .map(Number)
        .filter((s) => s >= 400);
      expect(statuses.length).toBeGreaterThan(0);
      for (const status of statuses) {
        const content = op.responses[String(status)].content ?? {};
        if (path === '/health/ready' && status === 503) continue; // readiness answers its own body
        expect(Object.keys(content)).toEqual(['application/problem+json']);
        const schema = content['application/problem+json'].schema!;
        expect(schema.allOf?.[0]).toEqual({ $ref: '#/components/schemas/ProblemDto' });
        const enumCodes = codes(op, status);
        expect(enumCodes.length).toBeGreaterThan(0);
        for (const code of enumCodes) {
          expect([code, (ERROR_STATUS as Record<string, number>)[code]]).toEqual([code, status]);
        }
      }
    },
  );

  const writes = operations.filter(
    (o) => ['post', 'put', 'patch', 'delete'].includes(o.method) && o.op['x-permission'] !== 'public',
  );
  it.each(writes.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]))(
    '%s (a signed-in write): 401, 403, 409 and 422 documented',
    (_name, { op }) => {
      expect(codes(op, 401)).toContain('COMMON.UNAUTHORIZED');
      expect(codes(op, 403)).toContain('COMMON.FORBIDDEN');
      expect(codes(op, 409)).toContain('COMMON.CONFLICT');
      expect(codes(op, 422)).toContain('COMMON.VALIDATION');
    },
  );

  it('operations with an id in the path document 404', () => {
    for (const o of operations.filter((x) => x.path.includes('{id}'))) {
      expect([o.op.operationId, codes(o.op, 404)]).toEqual([o.op.operationId, ['COMMON.NOT_FOUND']]);
    }
  });

  it('versioned and idempotent writes list the version and idempotency conflicts', () => {
    expect(codes(byId.get('updateOrder')!, 409)).toContain('COMMON.VERSION_CONFLICT');
    expect(codes(byId.get('updateClient')!, 409)).toContain('COMMON.VERSION_CONFLICT');
    expect(codes(byId.get('createOrder')!, 409)).toContain('IDEMPOTENCY.IN_PROGRESS');
    expect(codes(byId.get('createOrder')!, 422)).toContain('IDEMPOTENCY.KEY_REUSED');
  });

  it.each([
    ['updateOrder', 409, ['ORDERS.LOCKED', 'ORDERS.CURRENCY_LOCKED']],
    ['deleteOrder', 409, ['ORDERS.NOT_DELETABLE']],
    ['changeOrderStatus', 409, ['ORDERS.INVALID_TRANSITION']],
    ['addOrderService', 409, ['ORDERS.SERVICE_CONFLICT', 'ORDERS.LOCKED']],
    ['exportPayments', 409, ['FINANCE.AGENCY_REQUISITES_MISSING']],
    ['recordPayment', 409, ['FINANCE.REFUND_LIMIT', 'FINANCE.ORDER_CANCELLED']],
    ['cancelPayment', 409, ['FINANCE.NOT_CANCELLABLE']],
    ['generateOrderDocument', 409, ['DOCUMENTS.AGENCY_SETTINGS_MISSING', 'DOCUMENTS.FINAL']],
    ['createClient', 409, ['CLIENTS.DUPLICATE']],
    ['mergeClients', 409, ['CLIENTS.ALREADY_MERGED']],
    ['addTemplateVersion', 422, ['TEMPLATES.INVALID']],
    ['addIntegration', 403, ['INTEGRATIONS.ADMIN_PASSWORD_REQUIRED', 'COMMON.FORBIDDEN']],
    ['telegramWebhook', 403, ['COMMON.FORBIDDEN']],
    ['login', 401, ['AUTH.INVALID_CREDENTIALS']],
    ['login', 429, ['AUTH.TOO_MANY_ATTEMPTS']],
    ['withdrawConsent', 409, ['PRIVACY.ALREADY_WITHDRAWN']],
    ['downloadFile', 403, ['STORAGE.LINK_INVALID']],
    ['uploadClientDocument', 415, ['CLIENTS.FILE_TYPE', 'COMMON.UNSUPPORTED_MEDIA_TYPE']],
  ] as const)('%s documents %i with %j', (operationId, status, expected) => {
    const op = byId.get(operationId);
    expect(op).toBeDefined();
    expect(codes(op!, status)).toEqual(expect.arrayContaining([...expected]));
  });

  it('a public read does not claim 401 or 403, and nothing claims a code of another status', () => {
    const live = byId.get('healthLive')!;
    expect(live.responses['401']).toBeUndefined();
    expect(live.responses['403']).toBeUndefined();
    expect(codes(byId.get('listOrders')!, 409)).toEqual([]);
  });
});
