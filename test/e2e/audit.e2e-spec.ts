import { Client } from 'pg';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

async function superuser(url: string, statements: string[], params: unknown[][] = []): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < statements.length; i++) await c.query(statements[i], params[i] ?? []);
  } finally {
    await c.end();
  }
}

describe('audit log (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function entriesFor(entityId: string) {
    return eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { entity: 'user', entityId, sort: 'seq' } },
      });
      return r.data!.items.length >= 3 ? r.data!.items : null;
    });
  }

  it('records who changed what with the diff, for every user change, in a chain that verifies', async () => {
    const created = await t.admin.POST('/api/v1/users', {
      body: {
        email: `audited.${Date.now()}@test.agency`,
        password: 'Passw0rd-audit-1',
        fullName: 'Audited',
        role: 'operator',
      },
    });
    const id = created.data!.id;
    const me = (await t.admin.GET('/api/v1/auth/me')).data!;
    await t.admin.PATCH('/api/v1/users/{id}', {
      params: { path: { id } },
      body: { role: 'supervisor', version: 1 },
    });
    await t.admin.DELETE('/api/v1/users/{id}', { params: { path: { id } } });
    const entries = await entriesFor(id);
    expect(entries.map((e) => e.action)).toEqual(['users.created', 'users.updated', 'users.deleted']);
    expect(entries.every((e) => e.userId === me.id && e.role === 'admin')).toBe(true);
    expect(entries[1].diff).toEqual({ role: { from: 'operator', to: 'supervisor' } });
    expect(JSON.stringify(entries)).not.toContain('Passw0rd-audit-1');
    expect(entries[0].correlationId).toEqual(expect.any(String));

    const verify = await t.admin.GET('/api/v1/audit/verify');
    expect(verify.data).toEqual({ ok: true, checked: expect.any(Number) });
    expect(verify.data!.checked).toBeGreaterThanOrEqual(3);
  });

  it('filters by user, action and time range and paginates', async () => {
    const me = (await t.admin.GET('/api/v1/auth/me')).data!;
    const byUser = await t.admin.GET('/api/v1/audit', { params: { query: { user: me.id, limit: 2 } } });
    expect(byUser.data!.items).toHaveLength(2);
    expect(byUser.data!.nextCursor).toEqual(expect.any(String));
    const next = await t.admin.GET('/api/v1/audit', {
      params: { query: { user: me.id, limit: 2, cursor: byUser.data!.nextCursor! } },
    });
    expect(next.data!.items[0].seq).toBeLessThan(byUser.data!.items[1].seq);
    const future = await t.admin.GET('/api/v1/audit', {
      params: { query: { from: '2999-01-01T00:00:00+03:00' } },
    });
    expect(future.data!.total).toBe(0);
  });

  it('is closed to operators and accountants', async () => {
    for (const role of ['operator', 'accountant'] as const) {
      const u = await t.userClient(role);
      expect((await u.client.GET('/api/v1/audit')).response.status).toBe(403);
      expect((await u.client.GET('/api/v1/audit/verify')).response.status).toBe(403);
    }
    const sup = await t.userClient('supervisor');
    expect((await sup.client.GET('/api/v1/audit/verify')).response.status).toBe(200);
  });

  it('refuses updates and deletes of audit rows in the database itself', async () => {
    await expect(superuser(t.db.url, [`UPDATE audit_log SET action = 'x' WHERE seq = 1`])).rejects.toThrow(
      /append-only/,
    );
    await expect(superuser(t.db.url, [`DELETE FROM audit_log WHERE seq = 1`])).rejects.toThrow(/append-only/);
  });

  it('detects an altered entry, then a removed one, at the exact entry', async () => {
    await eventually(async () =>
      (await t.admin.GET('/api/v1/audit/verify')).data!.checked >= 5 ? true : null,
    );
    const list = await t.admin.GET('/api/v1/audit', { params: { query: { sort: 'seq', limit: 5 } } });
    const victim = list.data!.items[2];
    // someone with database access bypasses the trigger and edits a diff
    await superuser(
      t.db.url,
      [
        `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`,
        `UPDATE audit_log SET diff = '{"role":{"from":"operator","to":"admin"}}'::jsonb WHERE id = $1`,
        `ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`,
      ],
      [[], [victim.id], []],
    );
    const altered = await t.admin.GET('/api/v1/audit/verify');
    expect(altered.data).toMatchObject({ ok: false, brokenAt: victim.id, reason: 'contents were altered' });

    // removing the entry instead shows at the entry after it
    const after = list.data!.items[3];
    await superuser(
      t.db.url,
      [
        `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`,
        `DELETE FROM audit_log WHERE id = $1`,
        `ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`,
      ],
      [[], [victim.id], []],
    );
    const removed = await t.admin.GET('/api/v1/audit/verify');
    expect(removed.data).toMatchObject({ ok: false, brokenAt: after.id });
  });
});
