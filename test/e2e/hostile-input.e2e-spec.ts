import { SAMPLE_AGENCY } from '../../src/modules/documents/domain/sample-document-data';
import { flight, newClient } from '../support/orders';
import { startTestApp, type TestApp } from '../support/test-app';

interface Answer {
  status: number;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- problem documents, read loosely
  body: any;
  ms: number;
}

describe('hostile and odd input gets a 4xx problem, never a 500 (e2e)', () => {
  let t: TestApp;
  let token: string;
  let documentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const login = await t.client().POST('/api/v1/auth/login', {
      body: { email: 'admin@test.agency', password: 'Admin-Passw0rd-for-tests' },
    });
    token = login.data!.accessToken;
    const settings = await raw('/api/v1/settings/agency', {
      method: 'PUT',
      body: JSON.stringify(SAMPLE_AGENCY),
    });
    expect(settings.status).toBe(200);
    const clientId = await newClient(t.admin);
    const order = await t.admin.POST('/api/v1/orders', {
      body: { clientId, travellerIds: [clientId], currency: 'RUB' } as never,
    });
    await t.admin.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.data!.id } },
      body: flight({ travellerIds: [clientId] }) as never,
    });
    const doc = await raw(`/api/v1/orders/${order.data!.id}/documents`, {
      method: 'POST',
      body: JSON.stringify({ type: 'invoice' }),
    });
    expect(doc.status).toBe(201);
    documentId = doc.body.id as string;
  });
  afterAll(() => t.close());

  async function raw(path: string, init: RequestInit & { anonymous?: boolean } = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (!init.anonymous) headers.set('authorization', `Bearer ${token}`);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const started = Date.now();
    const res = await fetch(`${t.baseUrl}${path}`, { ...init, headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body,
      ms: Date.now() - started,
    };
  }

  function expect4xx(r: Answer, status?: number): void {
    if (status) expect({ status: r.status, body: r.body }).toMatchObject({ status });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.type).toContain('application/problem+json');
  }

  it.each(['role', 'fullName', 'active', 'password', 'email'])(
    'refuses PATCH /users/{id} with 422 naming the field when %s is null',
    async (field) => {
      const u = await t.userClient('operator');
      const r = await raw(`/api/v1/users/${u.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ [field]: null, version: 1 }),
      });
      expect4xx(r, 422);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      const after = await t.admin.GET('/api/v1/users/{id}', { params: { path: { id: u.id } } });
      expect(after.data).toMatchObject({ role: 'operator', version: 1 });
    },
  );

  it('refuses null for a non-nullable field of other PATCH bodies when sent', async () => {
    const clientId = await newClient(t.admin);
    const r = await raw(`/api/v1/clients/${clientId}`, {
      method: 'PATCH',
      body: JSON.stringify({ fullName: null, emails: null, version: 1 }),
    });
    expect4xx(r, 422);
    const fields = r.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['fullName', 'emails']));
  });

  it.each(['2147483648', '1e9', '1.5', '99999999999999999999', '-1', 'abc'])(
    'answers GET /documents/{id}/download?version=%s with a 4xx',
    async (version) => {
      const r = await raw(`/api/v1/documents/${documentId}/download?version=${version}`);
      expect4xx(r);
    },
  );

  it('still serves the current version link when the version is omitted', async () => {
    const r = await raw(`/api/v1/documents/${documentId}/download`);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
  });

  it.each(['2147483648', '1e9', '1.5', '0'])(
    'answers GET /templates/{type}/versions/%s with a 4xx',
    async (version) => {
      const r = await raw(`/api/v1/templates/invoice/versions/${version}`);
      expect4xx(r);
    },
  );

  it.each(['0000-00-00', '2026-02-30', '2026-13-01', '9999-99-99', 'yesterday', '+275760-09-13'])(
    'answers GET /rates?from=%s with 422',
    async (from) => {
      const r = await raw(`/api/v1/rates?from=${encodeURIComponent(from)}&to=${encodeURIComponent(from)}`);
      expect4xx(r, 422);
    },
  );

  it('answers a PATCH with an out-of-range version with a 4xx when the version overflows an int', async () => {
    const u = await t.userClient('operator');
    const r = await raw(`/api/v1/users/${u.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ fullName: 'X', version: 2147483648 }),
    });
    expect4xx(r, 422);
  });

  it.each([
    ['/api/v1/applications', (items: number[]) => ({ source: 'manual', text: 'x', payload: { items } })],
    ['/api/v1/auth/login', (items: number[]) => ({ email: items, password: 'x' })],
    ['/api/v1/clients', (items: number[]) => ({ fullName: 'X', emails: items })],
  ])(
    'answers a 60,000-element array posted to %s with a fast 413 while /health/live stays up',
    async (path, make) => {
      const body = JSON.stringify(make(Array.from({ length: 60_000 }, (_, i) => i % 10)));
      expect(body.length).toBeGreaterThan(100_000);
      const [r, live] = await Promise.all([
        raw(path, { method: 'POST', body }),
        (async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return raw('/health/live', { anonymous: true });
        })(),
      ]);
      expect4xx(r, 413);
      expect(r.body.errors[0].field).toMatch(/items|email/);
      expect(r.ms).toBeLessThan(1500);
      expect(live.status).toBe(200);
    },
  );
});
