import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import { flight, hotel, MOW, newClient, PAR, ROM } from '../support/orders';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

describe('orders: services, conflicts, totals, status (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let operatorId: string;
  let supervisor: CrmClient;
  let supervisorId: string;
  let payer: string;
  let spouse: string;

  beforeAll(async () => {
    t = await startTestApp();
    const op = await t.userClient('operator');
    operator = op.client;
    operatorId = op.id;
    const sup = await t.userClient('supervisor');
    supervisor = sup.client;
    supervisorId = sup.id;
    payer = await newClient(operator, 'Кузнецов Алексей', '2035-01-01');
    spouse = await newClient(operator, 'Кузнецова Мария', '2035-01-01');
  });
  afterAll(() => t.close());

  async function newOrder(body: Record<string, unknown> = {}) {
    const r = await operator.POST('/api/v1/orders', {
      body: { clientId: payer, travellerIds: [payer, spouse], currency: 'RUB', ...body },
    });
    if (r.response.status !== 201) throw new Error(JSON.stringify(r.error));
    return r.data!;
  }

  async function add(orderId: string, body: Record<string, unknown>, as: CrmClient = operator) {
    return as.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: body as never,
    });
  }

  const outboxOf = (orderId: string) =>
    dbRows<{ name: string }>(t.db.url, `SELECT name FROM outbox WHERE aggregate_id = $1 ORDER BY seq`, [
      orderId,
    ]);

  it('adds a flight and a hotel in another currency and recalculates totals with percent and fixed commission', async () => {
    const order = await newOrder();
    const f = await add(order.id, flight());
    expect(f.response.status).toBe(201);
    expect(f.data).toMatchObject({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      travellerIds: [payer, spouse].sort(),
      price: '30000.00',
      rate: '1',
      amount: '30000.00',
      commission: { percent: '5' },
      commissionAmount: '1500.00',
      conflicts: [],
      orderVersion: 2,
      totalAmount: '30000.00',
      commissionTotal: '1500.00',
    });
    const h = await add(order.id, hotel());
    expect(h.response.status).toBe(201);
    expect(h.data).toMatchObject({
      amount: '39400.00',
      commissionAmount: '1970.00',
      conflicts: [],
      orderVersion: 3,
    });
    const got = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    expect(got.data).toMatchObject({
      totalAmount: '69400.00',
      commission: '3470.00',
      supplierCost: '65930.00',
      margin: '3470.00',
      version: 3,
    });
    expect(got.data!.services.map((s) => s.type)).toEqual(['flight', 'hotel']);
    const listed = await operator.GET('/api/v1/orders/{id}/services', { params: { path: { id: order.id } } });
    expect(listed.data!.items).toEqual(got.data!.services);
  });

  it('needs no hand-typed time zone for a place given by IATA code or a known city; a given zone wins; 422 for an unknown place', async () => {
    const order = await newOrder();
    const noZone = (p: Record<string, unknown>) => {
      const { timeZone: _tz, ...rest } = p;
      return rest;
    };
    const f = await add(
      order.id,
      flight({ location: noZone(MOW), destination: { city: 'Париж', country: 'FR', iata: 'CDG' } }),
    );
    expect(f.response.status).toBe(201);
    expect(f.data).toMatchObject({
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: { city: 'Москва', iata: 'SVO', timeZone: 'Europe/Moscow' },
      destination: { city: 'Париж', iata: 'CDG', timeZone: 'Europe/Paris' },
    });
    const h = await add(
      order.id,
      hotel({
        location: { city: 'Анталья', country: 'TR' },
        startAt: '2027-07-01T14:00:00+03:00',
        endAt: '2027-07-08T12:00:00+03:00',
      }),
    );
    expect(h.response.status).toBe(201);
    expect(h.data).toMatchObject({ location: { city: 'Анталья', timeZone: 'Europe/Istanbul' } });
    const stored = await dbRows<{ start_time_zone: string }>(
      t.db.url,
      `SELECT start_time_zone FROM order_services WHERE id = $1`,
      [(h.data as unknown as { id: string }).id],
    );
    expect(stored).toEqual([{ start_time_zone: 'Europe/Istanbul' }]);
    // an explicit zone is kept even where the dataset knows another
    const given = await add(
      order.id,
      hotel({
        location: { city: 'Сочи', country: 'RU', timeZone: 'Europe/Samara' },
        startAt: '2027-08-01T14:00:00+04:00',
        endAt: '2027-08-02T12:00:00+04:00',
      }),
    );
    expect(given.data).toMatchObject({
      location: { timeZone: 'Europe/Samara' },
      startAt: '2027-08-01T14:00:00+04:00',
    });
    const unknown = await add(
      order.id,
      hotel({
        location: { city: 'Нигдеград', country: 'RU' },
        startAt: '2027-09-01T14:00:00+03:00',
        endAt: '2027-09-02T12:00:00+03:00',
      }),
    );
    expect(unknown.response.status).toBe(422);
    expect(unknown.error!.errors).toEqual([
      { field: 'location.timeZone', message: expect.stringContaining('Нигдеград') },
    ]);
  });

  it('answers 422 listing every bad field of a service and writes nothing', async () => {
    const order = await newOrder();
    const r = await add(
      order.id,
      flight({
        endAt: '2027-06-01T06:00:00+03:00',
        currency: 'EUR',
        location: { ...MOW, timeZone: 'Mars/Olympus' },
        destination: undefined,
        travellerIds: ['0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11'],
      }),
    );
    expect(r.response.status).toBe(422);
    expect(r.error!.errors!.map((e) => e.field).sort()).toEqual(
      ['destination', 'endAt', 'location.timeZone', 'rate', 'travellerIds[0]'].sort(),
    );
    expect(await outboxOf(order.id)).toEqual([{ name: 'orders.created' }]);
  });

  it('rejects an overlapping flight with 409 and writes nothing; with force a supervisor saves it and the audit shows it', async () => {
    const order = await newOrder();
    await add(order.id, flight());
    const overlapping = flight({
      startAt: '2027-06-01T12:00:00+03:00',
      endAt: '2027-06-01T15:00:00+02:00',
      location: MOW,
      destination: ROM,
    });
    const blocked = await add(order.id, overlapping);
    expect(blocked.response.status).toBe(409);
    expect(blocked.error).toMatchObject({ code: 'ORDERS.SERVICE_CONFLICT' });
    const conflicts = (blocked.error as unknown as { conflicts: Array<Record<string, unknown>> }).conflicts;
    expect(conflicts).toEqual([
      expect.objectContaining({
        code: 'TIME_OVERLAP',
        severity: 'error',
        travellerIds: [payer, spouse].sort(),
      }),
    ]);
    expect(await outboxOf(order.id)).toHaveLength(3); // created, service-added, totals: nothing of the refused one
    const after = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    expect(after.data).toMatchObject({ version: 2, totalAmount: '30000.00' });
    expect(after.data!.services).toHaveLength(1);

    const notAllowed = await add(order.id, { ...overlapping, force: true });
    expect(notAllowed.response.status).toBe(403);

    const forced = await add(order.id, { ...overlapping, force: true }, supervisor);
    expect(forced.response.status).toBe(201);
    expect(forced.data!.conflicts).toEqual([
      expect.objectContaining({ code: 'TIME_OVERLAP', severity: 'error' }),
    ]);
    const stored = await operator.GET('/api/v1/orders/{id}/conflicts', {
      params: { path: { id: order.id } },
    });
    expect(stored.data!.items).toEqual(forced.data!.conflicts);

    // a later unrelated change is not blocked by the conflict accepted earlier
    const later = await add(order.id, {
      type: 'other',
      startAt: '2027-05-01T10:00:00+03:00',
      endAt: '2027-05-01T11:00:00+03:00',
      location: MOW,
      price: '100.00',
      currency: 'RUB',
    });
    expect(later.response.status).toBe(201);

    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { entityId: forced.data!.id, action: 'orders.service-added' } },
      });
      return r.data!.items.length > 0 ? r.data!.items : null;
    });
    expect(audit[0]).toMatchObject({ userId: supervisorId, role: 'supervisor', entity: 'service' });
    expect(audit[0].diff).toMatchObject({
      force: { from: false, to: true },
      acceptedConflicts: { to: ['TIME_OVERLAP'] },
    });
  });

  it('reports geography gaps, tight connections and check-in before arrival as warnings that do not block', async () => {
    const order = await newOrder();
    await add(order.id, flight({ destination: ROM, endAt: '2027-06-01T14:00:00+02:00' }));
    const h = await add(order.id, hotel());
    expect(h.response.status).toBe(201);
    expect(h.data!.conflicts).toEqual([
      expect.objectContaining({
        code: 'GEOGRAPHY_GAP',
        severity: 'warning',
        message: expect.stringContaining('Рим'),
      }),
    ]);
    const tight = await add(
      order.id,
      flight({
        startAt: '2027-06-01T14:30:00+02:00',
        endAt: '2027-06-01T16:30:00+02:00',
        location: { ...ROM },
        destination: PAR,
      }),
    );
    expect(tight.response.status).toBe(201);
    expect(tight.data!.conflicts.map((c) => c.code).sort()).toEqual([
      'CHECK_IN_BEFORE_ARRIVAL',
      'TIGHT_CONNECTION',
    ]);
  });

  it('warns about a passport that expires within 6 months of the trip, read through the clients module', async () => {
    const traveller = await newClient(operator, 'Орлов Олег', '2027-09-01');
    const order = await newOrder({ clientId: traveller, travellerIds: [traveller] });
    const r = await add(order.id, flight());
    expect(r.data!.conflicts).toEqual([
      expect.objectContaining({
        code: 'PASSPORT_EXPIRES_SOON',
        severity: 'warning',
        travellerIds: [traveller],
      }),
    ]);
  });

  it('answers 409 with the current version and writes nothing when the version is stale', async () => {
    const order = await newOrder();
    await add(order.id, flight());
    const stale = await add(order.id, { ...hotel(), version: 1 });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ code: 'COMMON.VERSION_CONFLICT', currentVersion: 2 });
    const patch = await operator.PATCH('/api/v1/orders/{id}', {
      params: { path: { id: order.id } },
      body: { note: 'stale', version: 1 },
    });
    expect(patch.response.status).toBe(409);
    const got = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    expect(got.data).toMatchObject({ version: 2, note: null });
    expect(got.data!.services).toHaveLength(1);
    expect(await outboxOf(order.id)).toHaveLength(3);
  });

  it('keeps every one of 50 concurrent service additions and totals equal to their sum', async () => {
    const order = await newOrder();
    const prices = Array.from(
      { length: 50 },
      (_, i) => `${1000 + i * 7}.${String(i % 100).padStart(2, '0')}`,
    );
    const results = await Promise.all(
      prices.map((price, i) =>
        add(order.id, {
          type: 'other',
          startAt: `2027-07-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+03:00`,
          endAt: `2027-07-${String(1 + (i % 28)).padStart(2, '0')}T11:00:00+03:00`,
          location: MOW,
          price,
          currency: 'RUB',
          commission: { percent: '3.5' },
        }),
      ),
    );
    const accepted = results.filter((r) => r.response.status === 201);
    expect(accepted).toHaveLength(50);
    const got = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    expect(got.data!.services).toHaveLength(50);
    expect(got.data!.version).toBe(51);
    const [sums] = await dbRows<{ total: string; commission: string }>(
      t.db.url,
      `SELECT sum(amount)::text AS total, sum(commission_amount)::text AS commission FROM order_services WHERE order_id = $1`,
      [order.id],
    );
    expect(got.data!.totalAmount).toBe(sums.total);
    expect(got.data!.commission).toBe(sums.commission);
    const expected = prices.reduce((s, p) => s + Math.round(Number(p) * 100), 0);
    expect(Math.round(Number(got.data!.totalAmount) * 100)).toBe(expected);
  });

  it('updates and removes services with totals following', async () => {
    const order = await newOrder();
    const f = await add(order.id, flight());
    const u = await operator.PATCH('/api/v1/orders/{id}/services/{serviceId}', {
      params: { path: { id: order.id, serviceId: f.data!.id } },
      body: { price: '31000.00', commission: { amount: '500.00' }, version: 2 },
    });
    expect(u.response.status).toBe(200);
    expect(u.data).toMatchObject({
      amount: '31000.00',
      commissionAmount: '500.00',
      totalAmount: '31000.00',
      orderVersion: 3,
    });
    const d = await operator.DELETE('/api/v1/orders/{id}/services/{serviceId}', {
      params: { path: { id: order.id, serviceId: f.data!.id }, query: { version: 3 } },
    });
    expect(d.response.status).toBe(200);
    expect(d.data).toMatchObject({ totalAmount: '0.00', commissionTotal: '0.00', orderVersion: 4 });
    const names = (await outboxOf(order.id)).map((r) => r.name);
    expect(names).toEqual([
      'orders.created',
      'orders.service-added',
      'orders.totals-recalculated',
      'orders.service-updated',
      'orders.totals-recalculated',
      'orders.service-removed',
      'orders.totals-recalculated',
    ]);
  });

  it('walks the status machine, lists the allowed statuses on a forbidden one and locks closed orders', async () => {
    const order = await newOrder();
    const go = (status: string, reason?: string) =>
      operator.POST('/api/v1/orders/{id}/status', {
        params: { path: { id: order.id } },
        body: { status: status as never, reason },
      });
    const skip = await go('completed');
    expect(skip.response.status).toBe(409);
    expect(skip.error).toMatchObject({
      code: 'ORDERS.INVALID_TRANSITION',
      allowed: ['confirmed', 'cancelled'],
    });
    expect((await go('confirmed')).data).toMatchObject({ status: 'confirmed', version: 2 });
    const del = await operator.DELETE('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    expect(del.response.status).toBe(409);
    expect((await go('cancelled')).response.status).toBe(422);
    expect((await go('cancelled', 'Клиент передумал')).data).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Клиент передумал',
    });
    const locked = await add(order.id, flight());
    expect(locked.response.status).toBe(409);
    expect(locked.error).toMatchObject({ code: 'ORDERS.LOCKED' });
  });

  it('soft-deletes a draft: 204, then 404 and gone from the list', async () => {
    const order = await newOrder({ note: 'to delete' });
    const del = await operator.DELETE('/api/v1/orders/{id}', {
      params: { path: { id: order.id } },
      headers: { 'If-Match': '"1"' },
    });
    expect(del.response.status).toBe(204);
    expect(
      (await operator.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } })).response.status,
    ).toBe(404);
    const list = await operator.GET('/api/v1/orders', { params: { query: { q: order.number } } });
    expect(list.data!.items).toEqual([]);
  });

  it('filters the list by status, payer, manager, traveller, service dates, deadline and text', async () => {
    const solo = await newClient(operator, 'Ёлкина Анна');
    const a = await newOrder({ clientId: solo, travellerIds: [solo], deadline: '2027-01-10T12:00:00+03:00' });
    await add(a.id, flight());
    const b = await newOrder({ clientId: solo, travellerIds: [solo], deadline: '2027-03-10T12:00:00+03:00' });
    await add(b.id, flight({ startAt: '2027-08-01T10:00:00+03:00', endAt: '2027-08-01T14:00:00+02:00' }));
    const ids = async (query: Record<string, unknown>) =>
      (await operator.GET('/api/v1/orders', { params: { query: query as never } })).data!.items.map(
        (o) => o.id,
      );
    expect(await ids({ clientId: solo, sort: 'number' })).toEqual([a.id, b.id]);
    expect(await ids({ travellerId: solo, sort: '-number' })).toEqual([b.id, a.id]);
    expect(await ids({ clientId: solo, serviceFrom: '2027-07-01T00:00:00+03:00' })).toEqual([b.id]);
    expect(await ids({ clientId: solo, serviceTo: '2027-07-01T00:00:00+03:00' })).toEqual([a.id]);
    expect(await ids({ clientId: solo, deadlineBefore: '2027-02-01T00:00:00+03:00' })).toEqual([a.id]);
    expect(await ids({ q: 'елкина', sort: 'number' })).toEqual([a.id, b.id]);
    expect(await ids({ q: b.number })).toEqual([b.id]);
    expect(await ids({ clientId: solo, status: 'confirmed' })).toEqual([]);
    expect((await ids({ managerId: operatorId, clientId: solo })).length).toBe(2);
    const bad = await operator.GET('/api/v1/orders', { params: { query: { serviceFrom: 'yesterday' } } });
    expect(bad.response.status).toBe(422);
  });

  it('recalculates totals as a no-op when they agree, and changes the payer and travellers with a 422 for unknown clients', async () => {
    const order = await newOrder();
    await add(order.id, flight());
    const r = await operator.POST('/api/v1/orders/{id}/recalculate', { params: { path: { id: order.id } } });
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({ totalAmount: '30000.00', version: 2 });
    const other = await newClient(operator, 'Новый Плательщик');
    const u = await operator.PATCH('/api/v1/orders/{id}', {
      params: { path: { id: order.id } },
      body: { clientId: other, travellerIds: [payer, spouse, other] },
      headers: { 'If-Match': '"2"' },
    });
    expect(u.response.status).toBe(200);
    expect(u.data).toMatchObject({ clientId: other, payerName: 'Новый Плательщик', version: 3 });
    const bad = await operator.PATCH('/api/v1/orders/{id}', {
      params: { path: { id: order.id } },
      body: { travellerIds: [payer, spouse, other, '0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11'], version: 3 },
    });
    expect(bad.response.status).toBe(422);
    const cur = await operator.PATCH('/api/v1/orders/{id}', {
      params: { path: { id: order.id } },
      body: { currency: 'EUR', version: 3 },
    });
    expect(cur.response.status).toBe(409);
    expect(cur.error).toMatchObject({ code: 'ORDERS.CURRENCY_LOCKED' });
  });

  it('adds a service once for the same Idempotency-Key', async () => {
    const order = await newOrder();
    const headers = { 'Idempotency-Key': `svc-${Date.now()}` };
    const a = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.id } },
      body: flight() as never,
      headers,
    });
    const b = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.id } },
      body: flight() as never,
      headers,
    });
    expect(b.data!.id).toBe(a.data!.id);
    const got = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    expect(got.data).toMatchObject({ version: 2, totalAmount: '30000.00' });
    expect(got.data!.services).toHaveLength(1);
  });
});
