import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { ClientReferenceMovers } from '../../src/shared/contracts/client-references';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import { SYSTEM_ACTOR } from '../../src/shared/domain/actor';
import type { CrmClient } from '../../client';
import { clientBody, dbRows, pgDump, randomEmail, randomPhone } from '../support/clients';
import { ADMIN_EMAIL, ADMIN_PASSWORD, eventually, startTestApp, type TestApp } from '../support/test-app';

describe('applications (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let operatorId: string;
  let accountant: CrmClient;

  beforeAll(async () => {
    // a high intake limit here: the 429 test runs on an app of its own with the default
    t = await startTestApp({
      env: { INTAKE_RATE_LIMIT_PER_MINUTE: '1000', INTAKE_ALLOWED_ORIGINS: 'https://agency.example' },
    });
    const op = await t.userClient('operator');
    operator = op.client;
    operatorId = op.id;
    accountant = (await t.userClient('accountant')).client;
  });
  afterAll(() => t.close());

  async function createClient(overrides: Record<string, unknown> = {}) {
    const c = clientBody(overrides);
    const r = await operator.POST('/api/v1/clients', { body: c.body });
    if (r.response.status !== 201) throw new Error(`client create failed: ${JSON.stringify(r.error)}`);
    return { ...c, client: r.data! };
  }

  async function createApplication(body: Record<string, unknown>) {
    const r = await operator.POST('/api/v1/applications', { body: body as never });
    if (r.response.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.error)}`);
    return r.data!;
  }

  async function audit(query: { action?: string; entityId?: string }) {
    const r = await t.admin.GET('/api/v1/audit', {
      params: { query: { ...query, entity: 'application', limit: 200 } },
    });
    return r.data!.items;
  }

  it('records an application with its contact encrypted at rest, shown in full on GET and masked in lists', async () => {
    const phone = randomPhone();
    const email = randomEmail();
    const created = await createApplication({
      source: 'manual',
      text: 'Хотим в Париж на неделю в июне',
      contact: { name: 'Пётр Сидоров', phone: phone.local, email, telegram: '@petr_s' },
      payload: { note: `позвонил с ${phone.local}`, email },
    });
    expect(created).toMatchObject({
      source: 'manual',
      status: 'new',
      text: 'Хотим в Париж на неделю в июне',
      contact: { name: 'Пётр Сидоров', phone: phone.local, email, telegram: '@petr_s' },
      payload: { note: `позвонил с ${phone.local}`, email },
      attachments: [],
      clientId: null,
      orderId: null,
      version: 1,
    });
    // the accountant (no clients.read-pii) gets the contact masked and no payload
    const got = await accountant.GET('/api/v1/applications/{id}', { params: { path: { id: created.id } } });
    expect(got.data).toMatchObject({
      id: created.id,
      access: 'masked',
      payload: {},
      contact: { name: 'Пётр Сидоров' },
    });
    expect(JSON.stringify(got.data)).not.toContain(email);
    expect(JSON.stringify(got.data)).not.toContain(phone.local);

    const [row] = await dbRows<{ pii: string; key_id: string }>(
      t.db.url,
      `SELECT pii, key_id FROM applications WHERE id = $1`,
      [created.id],
    );
    expect(row.key_id).toBe('k1');
    expect(row.pii).toMatch(/^v1:k1:/);

    const list = await operator.GET('/api/v1/applications', { params: { query: { limit: 200 } } });
    const item = list.data!.items.find((i) => i.id === created.id)!;
    expect(item.contact.name).toBe('Пётр Сидоров');
    expect(item.contact.email).toBe(`${email[0]}***@example-mail.ru`);
    expect(item.contact.phone).not.toContain(phone.local.slice(3, 12));
    expect(item.contact.phone!.slice(-2)).toBe(phone.local.slice(-2));
    expect(item.contact.telegram).toBe('@pe***');
    expect(item).not.toHaveProperty('payload');

    // the audit entry and the outbox row exist before the dump, so the dump covers them too
    const [entry] = await eventually(async () => {
      const e = await audit({ action: 'applications.created', entityId: created.id });
      return e.length > 0 ? e : null;
    });
    expect(JSON.stringify(entry.diff)).not.toContain(email);
    const dump = pgDump(t.db.url).toLowerCase();
    expect(dump).toContain(created.id);
    for (const secret of [email, phone.local, phone.e164, phone.e164.slice(2), 'petr_s']) {
      expect(dump).not.toContain(secret.toLowerCase());
    }
  });

  it('keeps the stored response of an Idempotency-Key sealed, and replays it in the clear', async () => {
    const email = randomEmail();
    const phone = randomPhone();
    const body = {
      source: 'email' as const,
      text: 'Идемпотентно',
      contact: { name: 'Ида', email, phone: phone.local },
    };
    const headers = {
      'Idempotency-Key': `app-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    };
    const first = await operator.POST('/api/v1/applications', { body, headers });
    expect(first.response.status).toBe(201);
    const again = await operator.POST('/api/v1/applications', { body, headers });
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data).toEqual(first.data);
    const [row] = await dbRows<{ body: string }>(
      t.db.url,
      `SELECT response_body::text AS body FROM idempotency_keys WHERE key = $1`,
      [headers['Idempotency-Key']],
    );
    expect(row.body).toMatch(/"\$sealed": "v1:k1:/);
    const dump = pgDump(t.db.url).toLowerCase();
    for (const secret of [email, phone.local]) expect(dump).not.toContain(secret.toLowerCase());
  });

  it('links an application to the client whose phone matches in another spelling, or whose e-mail matches in another case', async () => {
    const { client, phone } = await createClient();
    const byPhone = await createApplication({
      source: 'telegram',
      text: 'Турция',
      contact: { phone: phone.bare },
    });
    expect(byPhone.clientId).toBe(client.id);
    const email = randomEmail();
    const { client: other } = await createClient({ emails: [email] });
    const byEmail = await createApplication({
      source: 'email',
      text: 'Грузия',
      contact: { name: 'Анна', email: email.toUpperCase() },
    });
    expect(byEmail.clientId).toBe(other.id);
    const none = await createApplication({
      source: 'whatsapp',
      text: 'Куба',
      contact: { phone: randomPhone().e164 },
    });
    expect(none.clientId).toBeNull();
  });

  it('answers an unknown clientId or assigneeId with 422 naming the field and writes nothing', async () => {
    const before = await dbRows<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM applications`);
    const missing = '01890000-0000-7000-8000-00000000dead';
    const r = await operator.POST('/api/v1/applications', {
      body: { source: 'manual', text: 'x', clientId: missing },
    });
    expect(r.response.status).toBe(422);
    expect(r.error!.errors).toEqual([{ field: 'clientId', message: expect.stringContaining(missing) }]);
    const a = await operator.POST('/api/v1/applications', {
      body: { source: 'manual', text: 'x', assigneeId: missing },
    });
    expect(a.response.status).toBe(422);
    expect(a.error!.errors!.map((e) => e.field)).toEqual(['assigneeId']);
    const bad = await operator.POST('/api/v1/applications', {
      body: { source: 'fax', contact: { email: 'nope' } } as never,
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.errors!.map((e) => e.field)).toContain('source');
    const after = await dbRows<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM applications`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('links an explicit existing client and assignee', async () => {
    const { client } = await createClient();
    const a = await createApplication({
      source: 'manual',
      text: 'x',
      clientId: client.id,
      assigneeId: operatorId,
    });
    expect(a).toMatchObject({ clientId: client.id, assigneeId: operatorId });
  });

  it('changes status through the transition table: 409 lists the allowed ones, stale versions are refused, diffs audited', async () => {
    const a = await createApplication({
      source: 'manual',
      text: 'Сочи',
      contact: { name: 'Олег', phone: '+79001234567' },
    });
    const path = { params: { path: { id: a.id } } };
    const started = await operator.PATCH('/api/v1/applications/{id}', {
      ...path,
      body: { status: 'in_progress', assigneeId: operatorId, version: 1 },
    });
    expect(started.response.status).toBe(200);
    expect(started.data).toMatchObject({ status: 'in_progress', assigneeId: operatorId, version: 2 });

    const stale = await operator.PATCH('/api/v1/applications/{id}', {
      ...path,
      body: { text: 'x', version: 1 },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ code: 'COMMON.VERSION_CONFLICT', currentVersion: 2 });

    const toConverted = await operator.PATCH('/api/v1/applications/{id}', {
      ...path,
      body: { status: 'converted', version: 2 },
    });
    expect(toConverted.response.status).toBe(409);
    expect(toConverted.error).toMatchObject({
      code: 'APPLICATIONS.INVALID_TRANSITION',
      from: 'in_progress',
      to: 'converted',
      allowed: ['new', 'rejected'],
    });

    const noReason = await operator.PATCH('/api/v1/applications/{id}', {
      ...path,
      body: { status: 'rejected', version: 2 },
    });
    expect(noReason.response.status).toBe(422);
    expect(noReason.error!.errors!.map((e) => e.field)).toEqual(['rejectionReason']);

    const rejected = await operator.PATCH('/api/v1/applications/{id}', {
      ...path,
      headers: { 'If-Match': '"2"' },
      body: {
        status: 'rejected',
        rejectionReason: 'Передумал',
        contact: { name: 'Олег', phone: '+79001234500' },
      },
    });
    expect(rejected.response.status).toBe(200);
    expect(rejected.data).toMatchObject({ status: 'rejected', rejectionReason: 'Передумал', version: 3 });

    const back = await operator.PATCH('/api/v1/applications/{id}', {
      ...path,
      body: { status: 'new', version: 3 },
    });
    expect(back.response.status).toBe(409);
    expect(back.error).toMatchObject({ allowed: ['in_progress'] });

    const changed = await eventually(async () => {
      const e = await audit({ action: 'applications.status-changed', entityId: a.id });
      return e.length >= 2 ? e : null;
    });
    expect(changed.map((e) => e.diff)).toEqual(
      expect.arrayContaining([
        { status: { from: 'new', to: 'in_progress' } },
        {
          status: { from: 'in_progress', to: 'rejected' },
          rejectionReason: { from: null, to: '[9 characters]' },
        },
      ]),
    );
    const [updated] = await eventually(async () => {
      const e = await audit({ action: 'applications.updated', entityId: a.id });
      return e.length >= 2 ? e : null;
    });
    expect(JSON.stringify(updated.diff)).not.toContain('9001234500');
    expect(JSON.stringify(await audit({ entityId: a.id }))).not.toContain('1234567');
  });

  it('filters by status, source, assignee and creation date, paginated', async () => {
    await new Promise((r) => setTimeout(r, 20));
    const from = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await createApplication({ source: 'whatsapp', text: `w${i}`, assigneeId: operatorId });
      ids.push(a.id);
    }
    await operator.PATCH('/api/v1/applications/{id}', {
      params: { path: { id: ids[0] } },
      body: { status: 'in_progress', version: 1 },
    });
    const q = (query: Record<string, unknown>) =>
      operator.GET('/api/v1/applications', { params: { query: { from, ...query } } }).then((r) => r.data!);
    const bySource = await q({ source: 'whatsapp' });
    expect(bySource.items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(bySource.total).toBe(3);
    expect((await q({ status: 'in_progress', source: 'whatsapp' })).items.map((i) => i.id)).toEqual([ids[0]]);
    expect((await q({ assigneeId: operatorId })).total).toBe(3);
    const page1 = await q({ source: 'whatsapp', limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await q({ source: 'whatsapp', limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => i.id)).toEqual([ids[0]]);
    expect((await q({ to: from })).items.filter((i) => ids.includes(i.id))).toEqual([]);
    const bad = await operator.GET('/api/v1/applications', {
      params: { query: { status: 'lost' as never } },
    });
    expect(bad.response.status).toBe(422);
    for (const query of [
      { from: '+275760-09-13T00:00:00Z' },
      { to: '1000-01-01' },
      { from: 'yesterday' },
      { assigneeId: 'me' },
      { limit: 0 },
    ]) {
      const r = await operator.GET('/api/v1/applications', { params: { query: query as never } });
      expect([query, r.response.status]).toEqual([query, 422]);
    }
  });

  it('uses an index for each filter', async () => {
    const plans: string[] = [];
    const pg = new PgClient({ connectionString: t.db.url });
    await pg.connect();
    try {
      await pg.query(`SET enable_seqscan = off`);
      for (const [where, index] of [
        [`status = 'new'`, 'applications_status_created'],
        [`source = 'web'`, 'applications_source_created'],
        [`assignee_id = '01890000-0000-7000-8000-00000000abcd'`, 'applications_assignee_created'],
        [`created_at >= now() - interval '1 day'`, 'applications_created'],
        [`client_id = '01890000-0000-7000-8000-00000000abcd'`, 'applications_client'],
      ]) {
        const r = await pg.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT id FROM applications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT 50`,
        );
        const plan = r.rows.map((row) => row['QUERY PLAN']).join('\n');
        if (!new RegExp(`Index.* (using|on) ${index}\\b`).test(plan)) plans.push(`${where}: ${plan}`);
      }
    } finally {
      await pg.end();
    }
    expect(plans).toEqual([]);
  });

  it('moves the applications of a merged duplicate to the survivor inside the caller’s transaction', async () => {
    const { client: survivor } = await createClient();
    const { client: duplicate } = await createClient();
    const a = await createApplication({ source: 'manual', text: 'dup', clientId: duplicate.id });
    const uow = t.app.get(UnitOfWork);
    // a failing transaction moves nothing
    await expect(
      uow.run(async () => {
        await t.app.get(ClientReferenceMovers).moveAll(duplicate.id, survivor.id, SYSTEM_ACTOR);
        throw new Error('merge failed');
      }),
    ).rejects.toThrow('merge failed');
    expect(
      (await operator.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } })).data!.clientId,
    ).toBe(duplicate.id);
    const moved = await uow.run(() =>
      t.app.get(ClientReferenceMovers).moveAll(duplicate.id, survivor.id, SYSTEM_ACTOR),
    );
    expect(moved.applications).toBe(1);
    const after = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } });
    expect(after.data).toMatchObject({ clientId: survivor.id, version: 2 });
    const [entry] = await eventually(async () => {
      const e = await audit({ action: 'applications.client-relinked', entityId: a.id });
      return e.length > 0 ? e : null;
    });
    expect(entry.diff).toEqual({ clientId: { from: duplicate.id, to: survivor.id } });
  });

  describe('attachments', () => {
    const PNG = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(2000, 7),
    ]);
    let token: string;
    beforeAll(async () => {
      const login = await t.client().POST('/api/v1/auth/login', {
        body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      });
      token = login.data!.accessToken;
    });
    const upload = (id: string, bytes: Buffer, fileName: string, type = 'application/octet-stream') => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type }), fileName);
      return fetch(`${t.baseUrl}/api/v1/applications/${id}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
    };

    it('stores an uploaded file with its sniffed type, lists it on the application and serves it by a short-lived link', async () => {
      const a = await createApplication({ source: 'telegram', text: 'со сканом' });
      const res = await upload(a.id, PNG, 'скан паспорта.png', 'application/pdf');
      expect(res.status).toBe(201);
      const attached = (await res.json()) as { id: string };
      expect(attached).toEqual({
        id: expect.any(String),
        fileName: 'скан паспорта.png',
        contentType: 'image/png',
        size: PNG.length,
      });
      const got = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } });
      expect(got.data).toMatchObject({ attachments: [attached], version: 2 });
      const list = await operator.GET('/api/v1/applications', {
        params: { query: { source: 'telegram', limit: 1 } },
      });
      expect(list.data!.items[0]).toMatchObject({ id: a.id, attachmentCount: 1 });
      const link = await operator.GET('/api/v1/applications/{id}/attachments/{attachmentId}/download', {
        params: { path: { id: a.id, attachmentId: attached.id } },
      });
      expect(link.response.status).toBe(200);
      // links point at PUBLIC_BASE_URL; the test app listens on a random port instead
      expect(link.data!.url.startsWith(`${t.config.publicBaseUrl}/api/v1/files/`)).toBe(true);
      const file = await fetch(t.baseUrl + new URL(link.data!.url).pathname);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
      expect(readdirSync(join(t.config.dataDir, 'files', 'objects', 'applications', a.id))).toEqual([
        attached.id,
      ]);
      const [entry] = await eventually(async () => {
        const e = await audit({ action: 'applications.updated', entityId: a.id });
        return e.length > 0 ? e : null;
      });
      expect(entry.diff).toEqual({ attachments: { from: [], to: [`image/png, ${PNG.length} bytes`] } });
    });

    it('answers 413 for a file over 20 MiB and keeps nothing of it', async () => {
      const a = await createApplication({ source: 'manual', text: 'big' });
      const big = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024, 1)]);
      const res = await upload(a.id, big, 'big.png');
      expect(res.status).toBe(413);
      const got = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } });
      expect(got.data).toMatchObject({ attachments: [], version: 1 });
      const dir = join(t.config.dataDir, 'files', 'objects', 'applications', a.id);
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    });

    it('answers 415 for a type it does not take or a body that is not multipart, 404 for an unknown application or file', async () => {
      const a = await createApplication({ source: 'manual', text: 'x' });
      const html = await upload(
        a.id,
        Buffer.from('<html><script>alert(1)</script></html>'),
        'x.pdf',
        'application/pdf',
      );
      expect(html.status).toBe(415);
      const json = await fetch(`${t.baseUrl}/api/v1/applications/${a.id}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(json.status).toBe(415);
      const missing = await upload('01890000-0000-7000-8000-00000000dead', PNG, 'a.png');
      expect(missing.status).toBe(404);
      const noFile = await operator.GET('/api/v1/applications/{id}/attachments/{attachmentId}/download', {
        params: { path: { id: a.id, attachmentId: '01890000-0000-7000-8000-00000000dead' } },
      });
      expect(noFile.response.status).toBe(404);
      expect(
        (await operator.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } })).data!
          .attachments,
      ).toEqual([]);
    });
  });

  describe('convert to an order', () => {
    const convert = (id: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      operator.POST('/api/v1/applications/{id}/convert', {
        params: { path: { id } },
        body: body as never,
        headers,
      });

    it('creates a draft order for the linked client with the text as its note, links both ways, and 409s a second convert', async () => {
      const { client } = await createClient();
      const a = await createApplication({
        source: 'manual',
        text: 'Хотим в Париж на неделю в июне',
        clientId: client.id,
        assigneeId: operatorId,
      });
      const r = await convert(a.id);
      expect(r.response.status).toBe(201);
      expect(r.data).toEqual({ applicationId: a.id, orderId: expect.any(String), clientId: client.id });
      const order = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: r.data!.orderId } } });
      expect(order.response.status).toBe(200);
      expect(order.data).toMatchObject({
        status: 'draft',
        clientId: client.id,
        note: 'Хотим в Париж на неделю в июне',
        applicationId: a.id,
        managerId: operatorId,
        currency: 'RUB',
      });
      const after = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } });
      expect(after.data).toMatchObject({ status: 'converted', orderId: r.data!.orderId, version: 2 });

      const again = await convert(a.id);
      expect(again.response.status).toBe(409);
      expect(again.error).toMatchObject({ code: 'APPLICATIONS.ALREADY_CONVERTED', orderId: r.data!.orderId });
      const orders = await dbRows<{ n: string }>(
        t.db.url,
        `SELECT count(*) AS n FROM orders WHERE application_id = $1`,
        [a.id],
      );
      expect(orders[0].n).toBe('1');
      const patch = await operator.PATCH('/api/v1/applications/{id}', {
        params: { path: { id: a.id } },
        body: { status: 'in_progress', version: 2 },
      });
      expect(patch.response.status).toBe(409);
      expect(patch.error).toMatchObject({ code: 'APPLICATIONS.INVALID_TRANSITION', allowed: [] });
      const [entry] = await eventually(async () => {
        const e = await audit({ action: 'applications.converted', entityId: a.id });
        return e.length > 0 ? e : null;
      });
      expect(entry.diff).toEqual({
        status: { from: 'new', to: 'converted' },
        orderId: { from: null, to: r.data!.orderId },
      });
    });

    it('creates the client from the contact with the consent when none is linked, in one transaction', async () => {
      const phone = randomPhone();
      const email = randomEmail();
      const res = await fetch(`${t.baseUrl}/api/v1/intake/web`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Ольга Смирнова',
          phone: phone.local,
          email,
          message: 'Алтай',
          consent: true,
        }),
      });
      expect(res.status).toBe(202);
      const [item] = (
        await operator.GET('/api/v1/applications', { params: { query: { source: 'web', limit: 1 } } })
      ).data!.items;
      expect(item.clientId).toBeNull();
      const r = await convert(item.id, { currency: 'EUR' }, { 'Idempotency-Key': `convert-${item.id}` });
      expect(r.response.status).toBe(201);
      const client = await operator.GET('/api/v1/clients/{id}', {
        params: { path: { id: r.data!.clientId } },
      });
      expect(client.data).toMatchObject({
        fullName: 'Ольга Смирнова',
        phones: [phone.e164],
        emails: [email],
        consent: { channel: 'web', textVersion: '1' },
      });
      const order = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: r.data!.orderId } } });
      expect(order.data).toMatchObject({
        clientId: r.data!.clientId,
        currency: 'EUR',
        applicationId: item.id,
      });
      // a retry with the same key answers the first result and converts nothing twice
      const replay = await convert(item.id, { currency: 'EUR' }, { 'Idempotency-Key': `convert-${item.id}` });
      expect(replay.data).toEqual(r.data);
      const byPhone = await operator.GET('/api/v1/clients', { params: { query: { phone: phone.bare } } });
      expect(byPhone.data!.total).toBe(1);
    });

    it('refuses a rejected application with 409 and writes nothing when the client cannot be made', async () => {
      const rejected = await createApplication({ source: 'manual', text: 'x', contact: { name: 'Кто-то' } });
      await operator.PATCH('/api/v1/applications/{id}', {
        params: { path: { id: rejected.id } },
        body: { status: 'rejected', rejectionReason: 'спам', version: 1 },
      });
      const r = await convert(rejected.id);
      expect(r.response.status).toBe(409);
      expect(r.error).toMatchObject({
        code: 'APPLICATIONS.INVALID_TRANSITION',
        from: 'rejected',
        to: 'converted',
      });
      // a POST without any body is the same as an empty one
      const login = await t.client().POST('/api/v1/auth/login', {
        body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      });
      const bare = await fetch(`${t.baseUrl}/api/v1/applications/${rejected.id}/convert`, {
        method: 'POST',
        headers: { authorization: `Bearer ${login.data!.accessToken}` },
      });
      expect(bare.status).toBe(409);

      const before = await dbRows<{ c: string; o: string }>(
        t.db.url,
        `SELECT (SELECT count(*) FROM clients) AS c, (SELECT count(*) FROM orders) AS o`,
      );
      const nameless = await createApplication({
        source: 'telegram',
        text: 'y',
        contact: { telegram: '@anon_user' },
      });
      const bad = await convert(nameless.id);
      expect(bad.response.status).toBe(422);
      expect(bad.error!.errors!.map((e) => e.field)).toEqual(['contact.name']);
      const badCurrency = await convert(nameless.id, { currency: 'rubles' });
      expect(badCurrency.response.status).toBe(422);
      const after = await dbRows<{ c: string; o: string }>(
        t.db.url,
        `SELECT (SELECT count(*) FROM clients) AS c, (SELECT count(*) FROM orders) AS o`,
      );
      expect(after).toEqual(before);
      expect((await convert('01890000-0000-7000-8000-00000000dead')).response.status).toBe(404);
    });

    it('converts for the survivor when the linked client was merged away since', async () => {
      const { client: survivor } = await createClient();
      const { client: duplicate } = await createClient();
      const a = await createApplication({ source: 'manual', text: 'merged', clientId: duplicate.id });
      // what the clients' merge leaves behind, without this application's mover having run
      await dbRows(t.db.url, `UPDATE clients SET merged_into = $2, pii = NULL, key_id = NULL WHERE id = $1`, [
        duplicate.id,
        survivor.id,
      ]);
      await dbRows(t.db.url, `DELETE FROM client_identifiers WHERE client_id = $1`, [duplicate.id]);
      const r = await convert(a.id);
      expect(r.response.status).toBe(201);
      expect(r.data!.clientId).toBe(survivor.id);
    });

    it('lets only one of two concurrent converts through', async () => {
      const { client } = await createClient();
      const a = await createApplication({ source: 'manual', text: 'race', clientId: client.id });
      const results = await Promise.all([convert(a.id), convert(a.id)]);
      expect(results.map((r) => r.response.status).sort()).toEqual([201, 409]);
      const orders = await dbRows<{ n: string }>(
        t.db.url,
        `SELECT count(*) AS n FROM orders WHERE application_id = $1`,
        [a.id],
      );
      expect(orders[0].n).toBe('1');
    });
  });

  describe('public web intake', () => {
    const form = (overrides: Record<string, unknown> = {}) => ({
      name: 'Мария Иванова',
      phone: randomPhone().local,
      message: 'Хотим в Турцию в мае',
      consent: true,
      ...overrides,
    });
    const post = (body: Record<string, unknown>) =>
      fetch(`${t.baseUrl}/api/v1/intake/web`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const webCount = async () =>
      Number(
        (
          await dbRows<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM applications WHERE source = 'web'`)
        )[0].n,
      );

    it('answers 422 naming consent when it is missing or false, and stores nothing', async () => {
      const before = await webCount();
      for (const consent of [undefined, false, 'yes']) {
        const res = await post(form({ consent }));
        expect(res.status).toBe(422);
        const body = (await res.json()) as { errors: Array<{ field: string }> };
        expect(body.errors.map((e) => e.field)).toEqual(['consent']);
      }
      const noContact = await post(form({ phone: undefined }));
      expect(noContact.status).toBe(422);
      const badPhone = await post(form({ phone: 'call me maybe' }));
      expect(badPhone.status).toBe(422);
      expect(
        ((await badPhone.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field),
      ).toEqual(['phone']);
      expect(await webCount()).toBe(before);
    });

    it('accepts a filled honeypot with 202 like a real post but stores nothing', async () => {
      const before = await webCount();
      const res = await post(form({ website: 'http://spam.example' }));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 'accepted' });
      expect(await webCount()).toBe(before);
    });

    it('creates a web application with consent, linked to the client whose phone matches in another spelling', async () => {
      const { client, phone } = await createClient();
      const res = await post(
        form({ phone: phone.spaced, email: randomEmail(), consentTextVersion: '2025-09' }),
      );
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 'accepted' });
      const list = await operator.GET('/api/v1/applications', {
        params: { query: { source: 'web', limit: 1 } },
      });
      const [item] = list.data!.items;
      expect(item.clientId).toBe(client.id);
      const full = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: item.id } } });
      expect(full.data).toMatchObject({
        source: 'web',
        status: 'new',
        text: 'Хотим в Турцию в мае',
        contact: { name: 'Мария Иванова', phone: phone.spaced },
        consent: {
          channel: 'web',
          textVersion: '2025-09',
          givenAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
        createdBy: null,
      });
      expect(full.data!.payload).toMatchObject({ form: { consent: true }, ip: expect.any(String) });
      expect(full.data!.payload).not.toHaveProperty('form.website');
    });

    it('lets the agency’s own pages post the form from a browser (CORS), and no other origin', async () => {
      const preflight = (origin: string) =>
        fetch(`${t.baseUrl}/api/v1/intake/web`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      const ok = await preflight('https://agency.example');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://agency.example');
      expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
      expect(ok.headers.get('access-control-allow-headers')).toBe('Content-Type');
      const evil = await preflight('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      expect(evil.headers.get('access-control-allow-methods')).toBeNull();
      const posted = await fetch(`${t.baseUrl}/api/v1/intake/web`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://agency.example' },
        body: JSON.stringify(form()),
      });
      expect(posted.status).toBe(202);
      expect(posted.headers.get('access-control-allow-origin')).toBe('https://agency.example');
      // the rest of the API stays closed to other origins
      const other = await fetch(`${t.baseUrl}/api/v1/applications`, {
        method: 'OPTIONS',
        headers: { origin: 'https://agency.example', 'access-control-request-method': 'GET' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('never writes the contact of an application to the logs', async () => {
      const phone = randomPhone();
      const email = randomEmail();
      expect((await post(form({ phone: phone.local, email }))).status).toBe(202);
      await createApplication({ source: 'manual', text: 'x', contact: { phone: phone.e164, email } });
      const logs = JSON.stringify(t.logs);
      for (const secret of [phone.local, phone.e164, email]) expect(logs).not.toContain(secret);
    });
  });

  it('keeps the permissions of the matrix: accountants read but may not write', async () => {
    const r = await accountant.POST('/api/v1/applications', { body: { source: 'manual', text: 'x' } });
    expect(r.response.status).toBe(403);
    const c = await accountant.GET('/api/v1/applications', { params: { query: {} } });
    expect(c.response.status).toBe(200);
  });
});

describe('public web intake rate limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers some of 30 rapid posts from one IP with 429 and Retry-After once the per-minute limit is spent', async () => {
    // fixed one-minute windows: do not start right before a boundary, so all 30 fall in one window
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${t.baseUrl}/api/v1/intake/web`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Бот', phone: randomPhone().e164, message: `m${i}`, consent: true }),
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    const [row] = await dbRows<{ n: string }>(
      t.db.url,
      `SELECT count(*) AS n FROM applications WHERE source = 'web'`,
    );
    expect(Number(row.n)).toBe(20);
  });
});
