import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import { flight, newClient } from '../support/orders';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * `Idempotency-Key` on the write routes marked `@Idempotent()`: a guard opens the record and the
 * route's handler runs inside it once per key. The usual request without a key goes straight to the
 * handler.
 */
describe('Idempotency-Key (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let payer: string;
  let n = 0;
  const key = (name: string) => `${name}-${Date.now()}-${++n}`;

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.userClient('operator')).client;
    payer = await newClient(operator, 'Орлова Анна');
  });
  afterAll(() => t.close());

  async function newOrder() {
    const r = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    if (r.response.status !== 201) throw new Error(JSON.stringify(r.error));
    return r.data!;
  }

  const servicesOf = (orderId: string) =>
    dbRows<{ id: string }>(t.db.url, `SELECT id FROM order_services WHERE order_id = $1`, [orderId]);
  const keyRows = (k: string) =>
    dbRows<{ response_status: number | null }>(
      t.db.url,
      `SELECT response_status FROM idempotency_keys WHERE key = $1`,
      [k],
    );

  it('adds a service once for a key sent twice, and answers the second with the first answer and status', async () => {
    const order = await newOrder();
    const headers = { 'Idempotency-Key': key('add') };
    const send = () =>
      operator.POST('/api/v1/orders/{id}/services', {
        params: { path: { id: order.id } },
        body: flight() as never,
        headers,
      });
    const a = await send();
    const b = await send();
    expect(a.response.status).toBe(201);
    expect(a.response.headers.get('idempotent-replayed')).toBeNull();
    expect(b.response.status).toBe(201);
    expect(b.response.headers.get('idempotent-replayed')).toBe('true');
    expect(b.data).toEqual(a.data);
    expect(await servicesOf(order.id)).toHaveLength(1);
    expect(await keyRows(headers['Idempotency-Key'])).toEqual([{ response_status: 201 }]);
  });

  it('replays a 200 route with its own status, and the same key on another body is a 422', async () => {
    const order = await newOrder();
    const headers = { 'Idempotency-Key': key('status') };
    const confirm = (version: number) =>
      operator.POST('/api/v1/orders/{id}/status', {
        params: { path: { id: order.id } },
        body: { status: 'confirmed', version },
        headers,
      });
    const a = await confirm(order.version);
    const b = await confirm(order.version);
    expect([a.response.status, b.response.status]).toEqual([200, 200]);
    expect(b.response.headers.get('idempotent-replayed')).toBe('true');
    expect(b.data).toEqual(a.data);
    const [row] = await dbRows<{ version: number }>(t.db.url, `SELECT version FROM orders WHERE id = $1`, [
      order.id,
    ]);
    expect(row.version).toBe(order.version + 1);
    const other = await confirm(order.version + 1);
    expect(other.response.status).toBe(422);
    expect(other.error).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('gives two concurrent requests with one key one service between them', async () => {
    const order = await newOrder();
    const headers = { 'Idempotency-Key': key('race') };
    const results = await Promise.all(
      [0, 1].map(() =>
        operator.POST('/api/v1/orders/{id}/services', {
          params: { path: { id: order.id } },
          body: flight() as never,
          headers,
        }),
      ),
    );
    expect(results.map((r) => r.response.status)).toEqual([201, 201]);
    expect(results.map((r) => r.response.headers.get('idempotent-replayed')).sort()).toEqual(
      [null, 'true'].sort(),
    );
    expect(results[0].data).toEqual(results[1].data);
    expect(await servicesOf(order.id)).toHaveLength(1);
  });

  it('keeps nothing of a failed request, so its key can be used again', async () => {
    const order = await newOrder();
    const k = key('failed');
    const stale = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.id } },
      body: flight({ version: order.version + 5 }) as never,
      headers: { 'Idempotency-Key': k },
    });
    expect(stale.response.status).toBe(409);
    expect(await keyRows(k)).toEqual([]);
    expect(await servicesOf(order.id)).toHaveLength(0);
    const retried = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.id } },
      body: flight({ version: order.version }) as never,
      headers: { 'Idempotency-Key': k },
    });
    expect(retried.response.status).toBe(201);
    expect(await keyRows(k)).toEqual([{ response_status: 201 }]);
  });

  it('refuses a malformed key naming the header, before anything is written', async () => {
    const order = await newOrder();
    const r = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.id } },
      body: flight() as never,
      headers: { 'Idempotency-Key': 'x'.repeat(201) },
    });
    expect(r.response.status).toBe(422);
    expect(r.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.error!.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await servicesOf(order.id)).toHaveLength(0);
  });

  it('keeps the route, its status and its documentation on the decorated method', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { operationId: string; parameters?: { name: string }[]; responses: object }>
      >;
    };
    const add = doc.paths['/api/v1/orders/{id}/services'].post;
    expect(add.operationId).toBe('addOrderService');
    expect(add.parameters!.map((p) => p.name)).toContain('Idempotency-Key');
    expect(Object.keys(add.responses)).toContain('201');
    const status = doc.paths['/api/v1/orders/{id}/status'].post;
    expect(status.parameters!.map((p) => p.name)).toContain('Idempotency-Key');
    expect(Object.keys(status.responses)).toContain('200');
  });
});
