import { CommandBus } from '@nestjs/cqrs';
import type { CrmClient } from '../../client';
import { SetServiceConfirmationCommand } from '../../src/modules/orders/application/commands/set-service-confirmation/set-service-confirmation.command';
import { SYSTEM_ACTOR } from '../../src/shared/domain/actor';
import { dbRows } from '../support/clients';
import { flight, hotel, newClient } from '../support/orders';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Supplier confirmations as staff see them: each service of an order carries its supplier's
 * answer (pending until it answers), and the order list finds orders with unconfirmed or
 * rejected services. The answer itself arrives the way the Telegram bot sends it: a command.
 */
describe('orders: supplier confirmations (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let payer: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.userClient('operator')).client;
    payer = await newClient(operator, 'Смирнов Олег', '2035-01-01');
  });
  afterAll(() => t.close());

  const answer = (
    serviceId: string,
    supplier: string,
    status: 'confirmed' | 'rejected',
    reason: string | null,
  ) =>
    t.app
      .get(CommandBus)
      .execute(new SetServiceConfirmationCommand(serviceId, supplier, status, reason, SYSTEM_ACTOR));

  async function orderWith(...services: Record<string, unknown>[]) {
    const o = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    expect(o.response.status).toBe(201);
    const ids: string[] = [];
    for (const s of services) {
      const r = await operator.POST('/api/v1/orders/{id}/services', {
        params: { path: { id: o.data!.id } },
        body: s as never,
      });
      expect(r.response.status).toBe(201);
      ids.push(r.data!.id);
    }
    return { id: o.data!.id, serviceIds: ids };
  }

  const getOrder = async (id: string) => {
    const r = await operator.GET('/api/v1/orders/{id}', { params: { path: { id } } });
    expect(r.response.status).toBe(200);
    return r.data!;
  };

  const listIds = async (confirmation: string) => {
    const r = await operator.GET('/api/v1/orders', { params: { query: { confirmation, limit: 100 } } });
    expect(r.response.status).toBe(200);
    return r.data!.items.map((i) => i.id);
  };

  it('shows pending, confirmed and rejected answers on the order and its service list, and filters by them', async () => {
    const a = await orderWith(
      flight(),
      hotel(),
      flight({ supplier: null, startAt: '2027-06-10T10:00:00+03:00', endAt: '2027-06-10T14:00:00+02:00' }),
    );
    const b = await orderWith(hotel({ supplier: 'Hotel Ritz' }));
    const c = await orderWith(flight({ supplier: 'S7' }));

    let order = await getOrder(a.id);
    const byId = () => Object.fromEntries(order.services.map((s) => [s.id, s.confirmation]));
    expect(byId()[a.serviceIds[0]]).toEqual({ status: 'pending', decidedAt: null, supplier: 'Аэрофлот' });
    expect(byId()[a.serviceIds[2]]).toBeNull();
    const versionBefore = order.version;

    await answer(a.serviceIds[0], 'аэрофлот', 'confirmed', null);
    await answer(a.serviceIds[1], 'Hotel Louvre', 'rejected', '  Нет мест на эти даты ');
    await answer(b.serviceIds[0], 'Hotel Ritz', 'confirmed', null);

    order = await getOrder(a.id);
    expect(order.version).toBe(versionBefore + 2);
    const flightAnswer = byId()[a.serviceIds[0]]!;
    expect(flightAnswer).toMatchObject({ status: 'confirmed', supplier: 'Аэрофлот' });
    expect(flightAnswer.reason).toBeUndefined();
    expect(new Date(flightAnswer.decidedAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(byId()[a.serviceIds[1]]).toMatchObject({
      status: 'rejected',
      reason: 'Нет мест на эти даты',
      supplier: 'Hotel Louvre',
    });

    const list = await operator.GET('/api/v1/orders/{id}/services', { params: { path: { id: a.id } } });
    expect(list.response.status).toBe(200);
    expect(list.data!.items.find((s) => s.id === a.serviceIds[1])!.confirmation).toMatchObject({
      status: 'rejected',
    });

    const rejected = await listIds('rejected');
    expect(rejected).toContain(a.id);
    expect(rejected).not.toContain(b.id);
    expect(rejected).not.toContain(c.id);
    const pending = await listIds('pending');
    expect(pending).toContain(c.id);
    expect(pending).not.toContain(a.id); // its supplier-less flight waits for no one
    expect(pending).not.toContain(b.id);
    const either = await listIds('pending,rejected');
    expect(either).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(either).not.toContain(b.id);

    // the audit trail has the answer, the reason only as its length
    const events = await dbRows<{ name: string; payload: { diff: Record<string, { to: unknown }> } }>(
      t.db.url,
      `SELECT name, payload FROM outbox WHERE aggregate_id = $1 AND name = 'orders.service-confirmation-set' ORDER BY seq`,
      [a.id],
    );
    expect(events.map((e) => e.payload.diff.confirmationStatus?.to)).toEqual(['confirmed', 'rejected']);
    expect(events[1].payload.diff.rejectionReason.to).toBe('[20 characters]');
  });

  it('asks the supplier again when the service moves to other dates or another supplier', async () => {
    const o = await orderWith(flight({ supplier: 'Победа' }));
    const [sid] = o.serviceIds;
    await answer(sid, 'Победа', 'confirmed', null);
    // a price change keeps the answer
    const r1 = await operator.PATCH('/api/v1/orders/{id}/services/{serviceId}', {
      params: { path: { id: o.id, serviceId: sid } },
      body: { price: '31000.00', version: (await getOrder(o.id)).version } as never,
    });
    expect(r1.response.status).toBe(200);
    expect(r1.data!.confirmation).toMatchObject({ status: 'confirmed' });
    const r2 = await operator.PATCH('/api/v1/orders/{id}/services/{serviceId}', {
      params: { path: { id: o.id, serviceId: sid } },
      body: {
        startAt: '2027-06-02T10:00:00+03:00',
        endAt: '2027-06-02T14:00:00+02:00',
        version: (await getOrder(o.id)).version,
      } as never,
    });
    expect(r2.response.status).toBe(200);
    expect(r2.data!.confirmation).toEqual({ status: 'pending', decidedAt: null, supplier: 'Победа' });
    expect(await listIds('pending')).toContain(o.id);
  });

  it('refuses an answer from another supplier, a rejection without a reason, and is quiet on a repeat', async () => {
    const o = await orderWith(flight({ supplier: 'Уральские авиалинии' }));
    const [sid] = o.serviceIds;
    await expect(answer(sid, 'Аэрофлот', 'confirmed', null)).rejects.toMatchObject({
      code: 'COMMON.NOT_FOUND',
    });
    await expect(answer(sid, 'Уральские авиалинии', 'rejected', '  ')).rejects.toMatchObject({
      code: 'COMMON.VALIDATION',
    });
    await answer(sid, 'Уральские авиалинии', 'confirmed', null);
    const v = (await getOrder(o.id)).version;
    await answer(sid, 'Уральские авиалинии', 'confirmed', null);
    expect((await getOrder(o.id)).version).toBe(v);
  });

  it('rejects an unknown confirmation filter with problem+json', async () => {
    const r = await operator.GET('/api/v1/orders', { params: { query: { confirmation: 'maybe' } } });
    expect(r.response.status).toBe(422);
    expect(r.error).toMatchObject({
      code: 'COMMON.VALIDATION',
      errors: [expect.objectContaining({ field: 'confirmation' })],
    });
  });
});
