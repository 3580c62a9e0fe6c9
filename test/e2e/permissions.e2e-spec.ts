import { ROLES, type Role } from '../../src/shared/domain/actor';
import { type Action, can } from '../../src/shared/auth/permission-matrix';
import { startTestApp, type TestApp } from '../support/test-app';

interface Operation {
  method: string;
  path: string;
  permission: string;
}

const SAMPLE_ID = '01890000-0000-7000-8000-00000000abcd';

/**
 * The guard enforces the matrix on every route the app has: each operation of the live OpenAPI
 * document names its permission (`x-permission`), and for each role the route answers 403 exactly
 * when the matrix denies it. Requests carry a random id and an empty body, so allowed calls stop
 * at validation or 404 and change nothing.
 */
describe('permissions on every route (e2e)', () => {
  let t: TestApp;
  let operations: Operation[];
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    t = await startTestApp();
    const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-permission'?: string }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        permission: op['x-permission'] ?? '',
      })),
    );
    for (const role of ROLES) {
      const u = await t.userClient(role);
      const login = await t
        .client()
        .POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } });
      tokens.set(role, login.data!.accessToken);
    }
  });
  afterAll(() => t.close());

  it('declares a permission (an action, authenticated or public) on every operation', () => {
    expect(operations.length).toBeGreaterThan(10);
    const undeclared = operations.filter((o) => o.permission === '');
    expect(undeclared).toEqual([]);
  });

  it('answers 403 exactly when the matrix denies the role, for every protected operation and role', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const op of operations) {
      if (op.permission === 'public') continue;
      const url = `${t.baseUrl}${op.path.replace(/\{[^}]+\}/g, SAMPLE_ID)}`;
      for (const role of ROLES) {
        const init: RequestInit = {
          method: op.method,
          headers: { authorization: `Bearer ${tokens.get(role)}` },
        };
        if (!['GET', 'HEAD', 'DELETE'].includes(op.method)) {
          init.body = '{}';
          (init.headers as Record<string, string>)['content-type'] = 'application/json';
        }
        const res = await fetch(url, init);
        await res.arrayBuffer();
        const allowed = op.permission === 'authenticated' || can(role, op.permission as Action);
        const forbidden = res.status === 403;
        checked += 1;
        if (allowed === forbidden || res.status === 401 || res.status >= 500) {
          mismatches.push(
            `${op.method} ${op.path} as ${role}: ${res.status} (matrix ${allowed ? 'allows' : 'denies'} ${op.permission})`,
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  });

  it('answers 401 without a token on every protected operation', async () => {
    const open: string[] = [];
    for (const op of operations.filter((o) => o.permission !== 'public')) {
      const res = await fetch(`${t.baseUrl}${op.path.replace(/\{[^}]+\}/g, SAMPLE_ID)}`, {
        method: op.method,
      });
      await res.arrayBuffer();
      if (res.status !== 401) open.push(`${op.method} ${op.path}: ${res.status}`);
    }
    expect(open).toEqual([]);
  });
});
