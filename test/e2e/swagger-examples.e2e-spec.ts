import { clientBody } from '../support/clients';
import { type ExampleSchema, sampleOf, SWAGGER_UUID } from '../support/swagger-example';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app';

interface Op {
  method: string;
  path: string;
  operationId: string;
  'x-permission'?: string;
  requestBody?: { content: Record<string, { schema: ExampleSchema }> };
}

/** Write operations whose Swagger example cannot succeed as-is, by nature — each with the reason. */
const CANNOT_SUCCEED_AS_IS: Record<string, string> = {
  attachApplicationFile: 'multipart upload: the example has no file',
  importClients: 'multipart upload: the example has no CSV file',
  uploadClientDocument: 'multipart upload: the example has no file',
  telegramWebhook: 'Telegram signs it with the X-Telegram-Bot-Api-Secret-Token of a connected bot',
  whatsappWebhook: 'Meta signs it with X-Hub-Signature-256 (the app secret of a connected number)',
  createIntegration: 'needs the admin password and a bot token Telegram accepts (getMe over the internet)',
  addIntegration: 'needs the admin password and a bot token Telegram accepts (getMe over the internet)',
  replaceIntegrationToken: 'needs the admin password, a connected integration and a token Telegram accepts',
  activateIntegration: 'needs a connected integration (which needs a real bot token)',
  updateIntegration: 'needs a connected integration (which needs a real bot token)',
  fetchCbrRates: 'fetches the Central Bank of Russia over the internet',
  refreshTokens: 'needs the refresh token a sign-in returned (a secret no example can carry)',
  logout: 'needs the refresh token a sign-in returned (a secret no example can carry)',
};

type Ids = Record<string, string>;

interface Step {
  operationId: string;
  /** Path parameters, from the resources created by earlier steps. */
  path?: (ids: Ids) => Record<string, string>;
  /** Body uuid fields holding Swagger's placeholder uuid → the id key in `ids` to use. */
  refs?: Record<string, string>;
  /** GET path whose `version` the body's `version` is set to (the version a client would have read). */
  versionFrom?: (ids: Ids) => string;
  /** Remember the created resource's id under this key. */
  saveId?: string;
  anonymous?: boolean;
}

/**
 * Steps in order: earlier ones create what later ones act on. Bodies are Swagger's examples
 * as-is; only ids (path parameters, uuid fields) and the `version` read are filled in.
 */
const STEPS: Step[] = [
  { operationId: 'updateAgencySettings', versionFrom: () => '/api/v1/settings/agency' },
  { operationId: 'createUser', saveId: 'user' },
  { operationId: 'login', anonymous: true },
  { operationId: 'updateUser', path: (i) => ({ id: i.user }), versionFrom: (i) => `/api/v1/users/${i.user}` },
  { operationId: 'createClient', saveId: 'client' },
  {
    operationId: 'updateClient',
    path: (i) => ({ id: i.client }),
    versionFrom: (i) => `/api/v1/clients/${i.client}`,
  },
  { operationId: 'addConsentText' },
  { operationId: 'recordConsent', refs: { clientId: 'client' }, saveId: 'consent' },
  { operationId: 'withdrawConsent', path: (i) => ({ id: i.consent }) },
  { operationId: 'registerPrivacyRequest', refs: { clientId: 'client' }, saveId: 'request' },
  { operationId: 'extendPrivacyRequest', path: (i) => ({ id: i.request }) },
  { operationId: 'closePrivacyRequest', path: (i) => ({ id: i.request }) },
  { operationId: 'setProductionCalendarDay', path: () => ({ day: '2027-01-04' }) },
  { operationId: 'registerIncident', saveId: 'incident' },
  { operationId: 'recordIncidentNotice', path: (i) => ({ id: i.incident }) },
  { operationId: 'runPrivacyRetention' },
  { operationId: 'setPrivacyCountry', path: () => ({ code: 'TR' }) },
  { operationId: 'recordCrossBorderTransfer' },
  {
    operationId: 'createApplication',
    refs: { clientId: 'client', assigneeId: 'admin' },
    saveId: 'application',
  },
  {
    operationId: 'updateApplication',
    path: (i) => ({ id: i.application }),
    refs: { clientId: 'client', assigneeId: 'admin' },
    versionFrom: (i) => `/api/v1/applications/${i.application}`,
  },
  { operationId: 'convertApplication', path: (i) => ({ id: i.application }) },
  {
    operationId: 'createOrder',
    refs: { clientId: 'client', travellerIds: 'client', managerId: 'admin' },
    saveId: 'order',
  },
  {
    operationId: 'updateOrder',
    path: (i) => ({ id: i.order }),
    refs: { clientId: 'client', travellerIds: 'client', managerId: 'admin' },
    versionFrom: (i) => `/api/v1/orders/${i.order}`,
  },
  {
    operationId: 'addOrderService',
    path: (i) => ({ id: i.order }),
    refs: { travellerIds: 'client' },
    versionFrom: (i) => `/api/v1/orders/${i.order}`,
    saveId: 'service',
  },
  {
    operationId: 'updateOrderService',
    path: (i) => ({ id: i.order, serviceId: i.service }),
    refs: { travellerIds: 'client' },
    versionFrom: (i) => `/api/v1/orders/${i.order}`,
  },
  {
    operationId: 'changeOrderStatus',
    path: (i) => ({ id: i.order }),
    versionFrom: (i) => `/api/v1/orders/${i.order}`,
  },
  { operationId: 'recordRate' },
  {
    operationId: 'recordPayment',
    path: (i) => ({ id: i.order }),
    refs: { serviceId: 'service' },
    saveId: 'payment',
  },
  { operationId: 'cancelPayment', path: (i) => ({ id: i.payment }) },
  { operationId: 'addTemplateVersion', path: () => ({ type: 'invoice' }) },
  { operationId: 'generateOrderDocument', path: (i) => ({ id: i.order }), saveId: 'document' },
  { operationId: 'finalizeDocument', path: (i) => ({ id: i.document }) },
  { operationId: 'createSupplierTelegramLink' },
  { operationId: 'submitWebIntake', anonymous: true },
  {
    operationId: 'mergeClients',
    path: (i) => ({ id: i.client }),
    refs: { duplicateId: 'duplicate' },
    versionFrom: (i) => `/api/v1/clients/${i.client}`,
  },
  { operationId: 'destroyClientPersonalData', path: (i) => ({ id: i.toDestroy }) },
  // last: it changes the admin's password (the example's current password is the test admin's)
  { operationId: 'changePassword' },
];

function fill(value: unknown, refs: Record<string, string>, ids: Ids, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => fill(v, refs, ids, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, refs, ids, k)]));
  }
  if (value === SWAGGER_UUID && refs[key] && ids[refs[key]]) return ids[refs[key]];
  return value;
}

describe("Swagger's example of every write operation succeeds as-is on a fresh database (e2e)", () => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, Op>>;
    components: { schemas: Record<string, ExampleSchema> };
  };
  let token: string;
  const ids: Ids = {};

  const call = async (method: string, path: string, body?: unknown, anonymous = false) => {
    const headers: Record<string, string> = {};
    if (!anonymous) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json: json as Record<string, unknown> | null };
  };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as typeof doc;
    const login = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    ids.admin = ((await call('GET', '/api/v1/auth/me')).json as { id: string }).id;
    // clients the merge and the destruction act on (not the one the other examples use)
    for (const key of ['duplicate', 'toDestroy']) {
      const c = await call('POST', '/api/v1/clients?allowDuplicate=true', clientBody().body);
      ids[key] = (c.json as { id: string }).id;
    }
  });
  afterAll(() => t.close());

  const writes = (): Array<Op & { method: string; path: string }> =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method, op]) => ['post', 'put', 'patch'].includes(method) && op.requestBody)
        .map(([method, op]) => ({ ...op, method, path })),
    );

  it('covers every write operation with a request body: a step, or a stated reason it cannot succeed as-is', () => {
    const covered = new Set([...STEPS.map((s) => s.operationId), ...Object.keys(CANNOT_SUCCEED_AS_IS)]);
    const missing = writes()
      .map((o) => o.operationId)
      .filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
    const unknown = [...covered].filter((id) => !writes().some((o) => o.operationId === id));
    expect(unknown).toEqual([]);
  });

  it('sends each example in order and gets a 2xx', async () => {
    const byId = new Map(writes().map((o) => [o.operationId, o]));
    const failures: string[] = [];
    for (const step of STEPS) {
      const op = byId.get(step.operationId)!;
      const schema = op.requestBody!.content['application/json']?.schema;
      let body = fill(sampleOf(doc.components.schemas, schema), step.refs ?? {}, ids) as Record<
        string,
        unknown
      >;
      if (step.versionFrom && body && 'version' in body) {
        const current = await call('GET', step.versionFrom(ids));
        body = { ...body, version: (current.json as { version: number } | null)?.version ?? body.version };
      }
      let path = op.path;
      for (const [name, value] of Object.entries(step.path?.(ids) ?? {}))
        path = path.replace(`{${name}}`, value);
      const placeholder = JSON.stringify(body).includes(SWAGGER_UUID);
      const r = await call(op.method.toUpperCase(), path, body, step.anonymous);
      if (r.status < 200 || r.status > 299 || placeholder || path.includes('{')) {
        failures.push(
          `${step.operationId} ${op.method.toUpperCase()} ${path} → ${r.status} ${JSON.stringify(r.json)}`,
        );
        continue;
      }
      if (step.saveId) ids[step.saveId] = (r.json as { id: string }).id;
    }
    expect(failures).toEqual([]);
  });

  it('a 409 provoked on known operations carries a code that the operation lists in openapi.json', async () => {
    const enumOf = (path: string, method: string, status: number): string[] => {
      const r = (doc.paths[path][method] as unknown as { responses: Record<string, unknown> }).responses[
        String(status)
      ] as {
        content: Record<
          string,
          { schema: { allOf?: Array<{ properties?: { code?: { enum?: string[] } } }> } }
        >;
      };
      return r.content['application/problem+json'].schema.allOf?.[1]?.properties?.code?.enum ?? [];
    };
    // the order the examples confirmed cannot be deleted
    const del = await call('DELETE', `/api/v1/orders/${ids.order}`);
    expect(del.status).toBe(409);
    expect(del.json!.code).toBe('ORDERS.NOT_DELETABLE');
    expect(enumOf('/api/v1/orders/{id}', 'delete', 409)).toContain(del.json!.code);
    // a stale version
    const stale = await call('PATCH', `/api/v1/orders/${ids.order}`, { note: 'x', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json!.code).toBe('COMMON.VERSION_CONFLICT');
    expect(enumOf('/api/v1/orders/{id}', 'patch', 409)).toContain(stale.json!.code);
    // the same client again
    const again = await call('POST', '/api/v1/clients', clientBody({ phones: ['+7 900 000-00-01'] }).body);
    expect(again.status).toBe(201);
    const dup = await call('POST', '/api/v1/clients', clientBody({ phones: ['+7 900 000-00-01'] }).body);
    expect(dup.status).toBe(409);
    expect(dup.json!.code).toBe('CLIENTS.DUPLICATE');
    expect(enumOf('/api/v1/clients', 'post', 409)).toContain(dup.json!.code);
  });
});
