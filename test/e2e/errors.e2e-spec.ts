import { startTestApp, type TestApp } from '../support/test-app';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: Array<{ field: string; message: string }>;
}

describe('errors are problem+json, never a 500 (e2e)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT: '64kb' } });
    const login = await t.client().POST('/api/v1/auth/login', {
      body: { email: 'admin@test.agency', password: 'Admin-Passw0rd-for-tests' },
    });
    token = login.data!.accessToken;
  });
  afterAll(() => t.close());

  async function raw(
    path: string,
    init: RequestInit & { auth?: boolean } = {},
  ): Promise<{ status: number; type: string; body: Problem }> {
    const headers = new Headers(init.headers);
    if (init.auth !== false) headers.set('Authorization', `Bearer ${token}`);
    const res = await fetch(`${t.baseUrl}${path}`, { ...init, headers });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: JSON.parse(text) as Problem,
    };
  }

  function expectProblem(r: { status: number; type: string; body: Problem }, status: number): void {
    expect(r.status).toBe(status);
    expect(r.type).toContain('application/problem+json');
    expect(r.body).toMatchObject({
      status,
      title: expect.any(String),
      detail: expect.any(String),
      code: expect.any(String),
    });
    expect(r.body.type).toMatch(/^urn:travel-crm:problem:/);
  }

  it('answers malformed JSON with 400', async () => {
    const r = await raw('/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": "a@b.c",',
    });
    expectProblem(r, 400);
    expect(r.body.code).toBe('COMMON.MALFORMED_REQUEST');
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({
      email: 'a@b.cd',
      password: 'x'.repeat(200_000),
      fullName: 'x',
      role: 'operator',
    });
    const r = await raw('/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expectProblem(r, 413);
  });

  it('answers an unsupported charset with 415', async () => {
    const r = await raw('/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=koi8-r' },
      body: '{}',
    });
    expectProblem(r, 415);
  });

  it('answers validation failures with 422 and one entry per bad field', async () => {
    const r = await raw('/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', password: 'short', role: 'captain' }),
    });
    expectProblem(r, 422);
    const fields = r.body.errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'fullName', 'role']));
  });

  it('rejects unknown fields with 422 naming the field', async () => {
    const r = await raw('/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'x@test.agency',
        password: 'Passw0rd-long-1',
        fullName: 'X',
        role: 'operator',
        isAdmin: true,
      }),
    });
    expectProblem(r, 422);
    expect(r.body.errors).toContainEqual({ field: 'isAdmin', message: expect.stringContaining('isAdmin') });
  });

  it('answers a bad id with 422, an unknown id with 404 and an unknown route with 404', async () => {
    expectProblem(await raw('/api/v1/users/not-a-uuid'), 422);
    expectProblem(await raw('/api/v1/users/01890000-0000-7000-8000-000000000000'), 404);
    expectProblem(await raw('/api/v1/nothing-here'), 404);
  });

  it('answers a bad query parameter with 422', async () => {
    const r = await raw('/api/v1/users?limit=100000&sort=password');
    expectProblem(r, 422);
    expect(r.body.errors!.map((e) => e.field)).toContain('limit');
  });

  it('answers a stale version with 409 and writes nothing', async () => {
    const created = await t.admin.POST('/api/v1/users', {
      body: {
        email: `stale.${Date.now()}@test.agency`,
        password: 'Passw0rd-stale-1',
        fullName: 'Stale',
        role: 'operator',
      },
    });
    const id = created.data!.id;
    const first = await t.admin.PATCH('/api/v1/users/{id}', {
      params: { path: { id } },
      body: { fullName: 'First', version: 1 },
    });
    expect(first.data!.version).toBe(2);
    const stale = await t.admin.PATCH('/api/v1/users/{id}', {
      params: { path: { id } },
      body: { fullName: 'Second', version: 1 },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ code: 'COMMON.VERSION_CONFLICT', currentVersion: 2 });
    const now = await t.admin.GET('/api/v1/users/{id}', { params: { path: { id } } });
    expect(now.data!.fullName).toBe('First');
    // If-Match works too
    const viaHeader = await t.admin.PATCH('/api/v1/users/{id}', {
      params: { path: { id }, header: { 'If-Match': '"2"' } },
      body: { fullName: 'Third' },
    });
    expect(viaHeader.data!.version).toBe(3);
    const missing = await t.admin.PATCH('/api/v1/users/{id}', {
      params: { path: { id } },
      body: { fullName: 'No version' },
    });
    expect(missing.response.status).toBe(422);
  });

  it('never answers odd input with a 500', async () => {
    const nasty: Array<[string, RequestInit]> = [
      ['/api/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }],
      ['/api/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' }],
      [
        '/api/v1/users',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"string"' },
      ],
      [
        '/api/v1/users',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":{"$gt":""}}' },
      ],
      [
        '/api/v1/users',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"fullName":"'; DROP TABLE users; --","email":"a@b.cd","password":"Passw0rd-long-9","role":"operator"}`,
        },
      ],
      [
        '/api/v1/users',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"email":"<script>alert(1)</script>@x.ru"}',
        },
      ],
      [
        '/api/v1/users',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
        },
      ],
      ['/api/v1/users', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }],
      ['/api/v1/users?q=%00%27%22', { method: 'GET' }],
      ['/api/v1/users?cursor=!!!', { method: 'GET' }],
      ['/api/v1/users?cursor=eyJvIjotMX0', { method: 'GET' }],
      ['/api/v1/audit?from=yesterday', { method: 'GET' }],
      ['/api/v1/users/%E0%A4%A', { method: 'GET' }],
    ];
    for (const [path, init] of nasty) {
      const r = await fetch(`${t.baseUrl}${path}`, {
        ...init,
        headers: { ...(init.headers as object), authorization: `Bearer ${token}` },
      });
      expect({ path, body: String(init.body), below500: r.status < 500 }).toEqual({
        path,
        body: String(init.body),
        below500: true,
      });
      expect(r.headers.get('content-type') ?? '').toMatch(/application\/(problem\+)?json/);
    }
    const users = await t.admin.GET('/api/v1/users', { params: { query: { q: 'DROP TABLE' } } });
    expect(users.response.status).toBe(200);
  });

  it('answers a missing token with 401 and a forbidden role with 403', async () => {
    expectProblem(await raw('/api/v1/users', { auth: false }), 401);
    const op = await t.userClient('operator');
    const r = await op.client.GET('/api/v1/users');
    expect(r.response.status).toBe(403);
    expect(r.error!.code).toBe('COMMON.FORBIDDEN');
  });
});
