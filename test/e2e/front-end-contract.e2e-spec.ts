import { createCrmClient, formDataBody } from '../../client';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { setAgency } from '../support/agency';
import { orderWithTotal, pay } from '../support/finance';
import { newClient } from '../support/orders';
import { PDF_BYTES } from '../support/uploads';

const OFFICE = 'https://office.agency.example';

describe('the contract a front end relies on (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: `${OFFICE}, http://localhost:5173` } });
  });
  afterAll(() => t.close());

  it('answers every list in one shape { items, total, nextCursor } when the list is small and whole', async () => {
    await setAgency(t.admin);
    const order = await orderWithTotal(t.admin, { withEuroHotel: true });
    const doc = await t.admin.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: order.id } },
      body: { type: 'invoice' },
    });
    expect(doc.response.status).toBe(201);
    const id = { params: { path: { id: order.id } } };
    const lists = [
      await t.admin.GET('/api/v1/orders/{id}/services', id),
      await t.admin.GET('/api/v1/orders/{id}/conflicts', id),
      await t.admin.GET('/api/v1/templates'),
      await t.admin.GET('/api/v1/templates/{type}/versions', { params: { path: { type: 'contract' } } }),
      await t.admin.GET('/api/v1/orders/{id}/documents', id),
      await t.admin.GET('/api/v1/documents/{id}/versions', { params: { path: { id: doc.data!.id } } }),
    ];
    const shapes = lists.map((r) => ({
      status: r.response.status,
      keys: Object.keys(r.data!).sort(),
      totalMatches: r.data!.total === r.data!.items.length,
      nextCursor: r.data!.nextCursor,
    }));
    for (const s of shapes) {
      expect(s).toEqual({
        status: 200,
        keys: ['items', 'nextCursor', 'total'],
        totalMatches: true,
        nextCursor: null,
      });
    }
    expect(lists[0].data!.total).toBe(2);
    expect(lists[4].data!.total).toBe(1);
  });

  it('lets any role change their own password when the current one is right, ending every other session', async () => {
    const u = await t.userClient('accountant');
    const other = await t
      .client()
      .POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } });
    const mine = await t
      .client()
      .POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } });
    const me = t.client(mine.data!.accessToken);

    const wrong = await me.POST('/api/v1/auth/change-password', {
      body: { currentPassword: 'not-my-passw0rd', newPassword: 'Brand-New-Passw0rd-1' },
    });
    expect(wrong.response.status).toBe(422);
    expect(wrong.error!.errors![0].field).toBe('currentPassword');
    const weak = await me.POST('/api/v1/auth/change-password', {
      body: { currentPassword: u.password, newPassword: 'short' },
    });
    expect(weak.response.status).toBe(422);

    const ok = await me.POST('/api/v1/auth/change-password', {
      body: { currentPassword: u.password, newPassword: 'Brand-New-Passw0rd-1' },
    });
    expect(ok.response.status).toBe(204);

    const otherRefresh = await t.client().POST('/api/v1/auth/refresh', {
      body: { refreshToken: other.data!.refreshToken },
    });
    expect(otherRefresh.response.status).toBe(401);
    const myRefresh = await t.client().POST('/api/v1/auth/refresh', {
      body: { refreshToken: mine.data!.refreshToken },
    });
    expect(myRefresh.response.status).toBe(200);
    const oldLogin = await t
      .client()
      .POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } });
    expect(oldLogin.response.status).toBe(401);
    const newLogin = await t.client().POST('/api/v1/auth/login', {
      body: { email: u.email, password: 'Brand-New-Passw0rd-1' },
    });
    expect(newLogin.response.status).toBe(200);
  });

  it('shows every role the staff directory with names and roles only', async () => {
    const op = await t.userClient('operator');
    const r = await op.client.GET('/api/v1/staff', { params: { query: { limit: 200 } } });
    expect(r.response.status).toBe(200);
    const self = r.data!.items.find((s) => s.id === op.id)!;
    expect(self).toEqual({
      id: op.id,
      fullName: expect.stringMatching(/^Test operator/),
      role: 'operator',
      active: true,
    });
    expect(r.data!.items.some((s) => s.role === 'admin')).toBe(true);
    expect(JSON.stringify(r.data)).not.toContain('@');
    const users = await op.client.GET('/api/v1/users');
    expect(users.response.status).toBe(403);
  });

  it('serves integrations on REST paths while the seed verbs keep working as aliases', async () => {
    const body = {
      type: 'telegram' as const,
      purpose: 'operators' as const,
      botName: 'rest_paths_bot',
      apiToken: '123456:REST-path-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa',
      adminPassword: ADMIN_PASSWORD,
    };
    const created = await t.admin.POST('/api/v1/settings/integrations', { body });
    expect(created.response.status).toBe(201);
    expect(JSON.stringify(created.data)).not.toContain('REST-path-token');
    const viaVerb = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: { ...body, botName: 'verb_path_bot' },
    });
    expect(viaVerb.response.status).toBe(201);

    const listed = await t.admin.GET('/api/v1/settings/integrations');
    const aliased = await t.admin.GET('/api/v1/settings/integrations/list');
    expect(listed.data!.items.map((i) => i.botName)).toEqual(['rest_paths_bot', 'verb_path_bot']);
    expect(aliased.data).toEqual(listed.data);

    const noPassword = await t.admin.PATCH('/api/v1/settings/integrations/{id}', {
      params: { path: { id: created.data!.id } },
      body: { apiToken: '123456:another-token-bbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    });
    expect(noPassword.response.status).toBe(403);
    const replaced = await t.admin.PATCH('/api/v1/settings/integrations/{id}', {
      params: { path: { id: created.data!.id } },
      body: { apiToken: '123456:another-token-bbbbbbbbbbbbbbbbbbbbbbbbbbb', adminPassword: ADMIN_PASSWORD },
    });
    expect(replaced.response.status).toBe(200);
    expect(replaced.data!.tokenFingerprint).not.toBe(created.data!.tokenFingerprint);
  });

  it('sends the version as a weak ETag that If-Match takes back, and 409s a stale one', async () => {
    const clientId = await newClient(t.admin);
    // no currency given: the order is in the agency's currency
    const created = await t.admin.POST('/api/v1/orders', { body: { clientId } });
    expect(created.data!.currency).toBe('RUB');
    const id = created.data!.id;
    const got = await t.admin.GET('/api/v1/orders/{id}', { params: { path: { id } } });
    const etag = got.response.headers.get('etag');
    expect(etag).toBe(`W/"${got.data!.version}"`);
    // the version says nothing of who reads (masked or not): a browser must not hand one user's
    // cached answer to another, so the cache is keyed by the token and revalidated every time
    expect(got.response.headers.get('cache-control')).toBe('private, no-cache');
    expect(got.response.headers.get('vary')).toMatch(/Authorization/i);

    const patched = await t.admin.PATCH('/api/v1/orders/{id}', {
      params: { path: { id } },
      headers: { 'If-Match': etag! },
      body: { note: 'первое изменение' },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.response.headers.get('etag')).toBe(`W/"${patched.data!.version}"`);
    expect(patched.data!.version).toBe(got.data!.version + 1);

    const stale = await t.admin.PATCH('/api/v1/orders/{id}', {
      params: { path: { id } },
      headers: { 'If-Match': etag! },
      body: { note: 'второе, по старой версии' },
    });
    expect(stale.response.status).toBe(409);
  });

  it('answers a CORS preflight from a configured origin and gives other origins nothing', async () => {
    const preflight = await fetch(`${t.baseUrl}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: {
        origin: OFFICE,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, if-match, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(OFFICE);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(preflight.headers.get('access-control-allow-headers')!.toLowerCase()).toContain('if-match');

    const actual = await fetch(`${t.baseUrl}/health/live`, { headers: { origin: OFFICE } });
    expect(actual.headers.get('access-control-allow-origin')).toBe(OFFICE);
    expect(actual.headers.get('access-control-expose-headers')).toContain('ETag');

    const foreign = await fetch(`${t.baseUrl}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('downloads a CSV and uploads a file through the generated client without casts', async () => {
    const order = await orderWithTotal(t.admin, { total: '5000.00' });
    expect((await pay(t.admin, order.id, { amount: '1500.00' })).response.status).toBe(201);
    const csv = await t.admin.GET('/api/v1/exports/payments', {
      params: { query: { format: 'csv', from: '2027-05-01', to: '2027-05-02' } },
      parseAs: 'text',
    });
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get('content-type')).toContain('text/csv');
    expect(csv.data).toContain('1500,00');
    expect(csv.data).toContain(order.number);

    const uploaded = await t.admin.POST('/api/v1/clients/{id}/documents', {
      params: { path: { id: order.clientId } },
      body: { file: new File([new Uint8Array(PDF_BYTES)], 'passport.pdf', { type: 'application/pdf' }) },
      bodySerializer: formDataBody,
    });
    expect(uploaded.response.status).toBe(201);
    expect(uploaded.data!.fileName).toBe('passport.pdf');
    expect(uploaded.data!.size).toBe(PDF_BYTES.length);
  });

  it('refreshes once and retries when the access token is refused (refresh-on-401 middleware)', async () => {
    const u = await t.userClient('operator');
    const seen: Array<string | undefined> = [];
    const crm = createCrmClient(t.baseUrl, { onTokens: (p) => seen.push(p?.accessToken) });
    expect(await crm.signIn(u.email, u.password)).toEqual({ ok: true });
    crm.setToken('expired.or.forged.token');
    const [a, b] = await Promise.all([crm.GET('/api/v1/auth/me'), crm.GET('/api/v1/staff')]);
    expect(a.response.status).toBe(200);
    expect(a.data!.email).toBe(u.email);
    expect(b.response.status).toBe(200);
    // one sign-in, one refresh shared by both requests
    expect(seen).toHaveLength(2);
  });
});
