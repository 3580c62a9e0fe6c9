import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import { newClient } from '../support/orders';
import { startTestApp, type TestApp } from '../support/test-app';

describe('orders: creation (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let operatorId: string;
  let payer: string;

  beforeAll(async () => {
    t = await startTestApp();
    const op = await t.userClient('operator');
    operator = op.client;
    operatorId = op.id;
    payer = await newClient(operator, 'Сидоров Сидор Сидорович');
  });
  afterAll(() => t.close());

  it('creates a draft order numbered YYYY-NNNNNN with the payer as the default traveller when none are given', async () => {
    const r = await operator.POST('/api/v1/orders', {
      body: { clientId: payer, currency: 'rub', deadline: '2027-05-15T18:00:00+03:00', note: 'Семья' },
    });
    expect(r.response.status).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(r.data).toMatchObject({
      status: 'draft',
      currency: 'RUB',
      clientId: payer,
      payerName: 'Сидоров Сидор Сидорович',
      travellerIds: [payer],
      managerId: operatorId,
      deadline: '2027-05-15T15:00:00.000Z',
      note: 'Семья',
      totalAmount: '0.00',
      commission: '0.00',
      supplierCost: '0.00',
      margin: '0.00',
      services: [],
      conflicts: [],
      version: 1,
    });
    expect(r.data!.number).toMatch(new RegExp(`^${year}-\\d{6}$`));
    const got = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: r.data!.id } } });
    expect(got.data).toEqual(r.data);
  });

  it('answers 422 naming the field and takes no number when the payer is not a client', async () => {
    const before = await dbRows<{ last: number }>(t.db.url, `SELECT last FROM order_number_counters`);
    const r = await operator.POST('/api/v1/orders', {
      body: { clientId: '0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11', currency: 'RUB' },
    });
    expect(r.response.status).toBe(422);
    expect(r.error!.errors).toEqual([
      { field: 'clientId', message: expect.stringContaining('does not exist') },
    ]);
    expect(await dbRows(t.db.url, `SELECT last FROM order_number_counters`)).toEqual(before);
  });

  it('answers 422 for an unknown currency and 404 for an unknown order', async () => {
    const bad = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'XYZ' } });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.errors).toEqual([{ field: 'currency', message: expect.any(String) }]);
    const missing = await operator.GET('/api/v1/orders/{id}', {
      params: { path: { id: '0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11' } },
    });
    expect(missing.response.status).toBe(404);
  });

  it('reads an order by an upper-case id, 422s an id that is not a UUID, and 304s an unchanged one', async () => {
    const created = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    const id = created.data!.id;
    const upper = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: id.toUpperCase() } } });
    expect(upper.response.status).toBe(200);
    expect(upper.data!.id).toBe(id);
    const etag = upper.response.headers.get('etag');
    expect(etag).toBe(`W/"${created.data!.version}"`);

    const bad = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: 'not-a-uuid' } } });
    expect(bad.response.status).toBe(422);
    expect(bad.response.headers.get('content-type')).toContain('application/problem+json');
    expect((bad.error as { errors: unknown }).errors).toEqual([
      { field: 'id', message: 'id must be a UUID' },
    ]);

    const same = await operator.GET('/api/v1/orders/{id}', {
      params: { path: { id }, header: { 'If-None-Match': etag! } as never },
    });
    expect(same.response.status).toBe(304);
    const other = await operator.GET('/api/v1/orders/{id}', {
      params: { path: { id }, header: { 'If-None-Match': 'W/"999"' } as never },
    });
    expect(other.response.status).toBe(200);
  });

  it('gives 20 concurrent creations 20 distinct consecutive numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } }),
      ),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(201));
    const seqs = results.map((r) => Number(r.data!.number.slice(5))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19] - seqs[0]).toBe(19);
  });

  it('creates one order for the same Idempotency-Key twice and 422s the key with another body', async () => {
    const headers = { 'Idempotency-Key': `order-${Date.now()}` };
    const body = { clientId: payer, currency: 'EUR', note: 'idempotent' };
    const a = await operator.POST('/api/v1/orders', { body, headers });
    const b = await operator.POST('/api/v1/orders', { body, headers });
    expect(a.response.status).toBe(201);
    expect(b.data!.id).toBe(a.data!.id);
    expect(b.response.headers.get('idempotent-replayed')).toBe('true');
    const rows = await dbRows(t.db.url, `SELECT id FROM orders WHERE note = 'idempotent'`);
    expect(rows).toHaveLength(1);
    const c = await operator.POST('/api/v1/orders', { body: { ...body, note: 'other' }, headers });
    expect(c.response.status).toBe(422);
  });

  it("shows the manager's name from the staff directory next to the id in the list and the order", async () => {
    const created = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    const list = await operator.GET('/api/v1/orders', { params: { query: { managerId: operatorId } } });
    const item = list.data!.items.find((o) => o.id === created.data!.id)!;
    expect(item.managerId).toBe(operatorId);
    expect(item.managerName).toMatch(/^Test operator \d+$/);
    const one = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: created.data!.id } } });
    expect(one.data!.managerName).toBe(item.managerName);
    const unassigned = await operator.PATCH('/api/v1/orders/{id}', {
      params: { path: { id: created.data!.id } },
      body: { managerId: null, version: one.data!.version },
    });
    expect(unassigned.response.status).toBe(200);
    expect(unassigned.data).toMatchObject({ managerId: null, managerName: null });
  });

  it('lets an accountant read orders but not create them', async () => {
    const accountant = (await t.userClient('accountant')).client;
    const r = await accountant.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    expect(r.response.status).toBe(403);
  });
});
