import {
  payerRow,
  useOrdersSpec,
  eventOf,
  orderEventsSince,
  ordersHarness,
  outboxSeq,
  rejection,
} from '../../../../../../test/support/int-orders';
import { ORDER_EVENTS } from '../../../contracts/orders.events';
import { CreateOrderCommand } from './create-order.command';
import { CreateOrderHandler } from './create-order.handler';

describe('CreateOrderHandler on the migrated schema', () => {
  const s = useOrdersSpec();
  const db = s.db;
  const handler = () => {
    const h = ordersHarness(db());
    return new CreateOrderHandler(db().uow, h.repo, h.outbox, h.clients);
  };

  it('inserts a draft with the next number of the year and appends orders.created (v1, with facts)', async () => {
    const traveller = await payerRow(db(), 'Петрова Анна');
    const seq = await outboxSeq(db());
    const out = await handler().execute(
      new CreateOrderCommand(
        { clientId: s.payer, travellerIds: [s.payer, traveller], currency: 'eur', note: '  у окна  ' },
        s.actor,
      ),
    );
    const year = new Date().getUTCFullYear();
    expect(out).toEqual({ id: expect.any(String), number: `${year}-000001`, version: 1 });
    const row = await db().one(
      `SELECT status, currency, client_id, payer_name, traveller_ids, note, manager_id, version
         FROM orders WHERE id = $1`,
      [out.id],
    );
    expect(row).toEqual({
      status: 'draft',
      currency: 'EUR',
      client_id: s.payer,
      payer_name: 'Петров Пётр',
      traveller_ids: [s.payer, traveller],
      note: 'у окна',
      manager_id: s.actor.userId,
      version: 1,
    });
    const events = await orderEventsSince(db(), out.id, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion, e.actorUserId])).toEqual([
      [ORDER_EVENTS.created, 1, s.actor.userId],
    ]);
    const created = eventOf(events, ORDER_EVENTS.created);
    expect(created).toMatchObject({ v: 1, number: out.number, applicationId: null });
    expect(created.diff.status).toEqual({ from: null, to: 'draft' });
    expect(created.diff.currency).toEqual({ from: null, to: 'EUR' });
    expect(created.facts).toMatchObject({
      number: out.number,
      status: 'draft',
      currency: 'EUR',
      clientId: s.payer,
      totalAmount: '0.00',
      version: 1,
    });

    const second = await handler().execute(
      new CreateOrderCommand({ clientId: s.payer, currency: 'RUB' }, s.actor),
    );
    expect(second.number).toBe(`${year}-000002`);
  });

  it('answers 422 for an unknown s.payer or traveller and writes nothing (the number is not used up)', async () => {
    const seq = await outboxSeq(db());
    const before = await db().one<{ n: number }>(`SELECT count(*)::int AS n FROM orders`);
    const ghost = '01900000-0000-7000-8000-000000000001';
    const r = await rejection(
      handler().execute(
        new CreateOrderCommand(
          { clientId: s.payer, travellerIds: [s.payer, ghost], currency: 'RUB' },
          s.actor,
        ),
      ),
    );
    expect([r.code, r.status]).toEqual(['COMMON.VALIDATION', 422]);
    expect(r.error.fieldErrors).toEqual([
      { field: 'travellerIds[1]', message: `client ${ghost} does not exist` },
    ]);
    const r2 = await rejection(
      handler().execute(new CreateOrderCommand({ clientId: ghost, currency: 'RUB' }, s.actor)),
    );
    expect(r2.error.fieldErrors.map((e) => e.field)).toEqual(['clientId']);
    expect(await db().one(`SELECT count(*)::int AS n FROM orders`)).toEqual(before);
    expect(await outboxSeq(db())).toBe(seq);
    const next = await handler().execute(
      new CreateOrderCommand({ clientId: s.payer, currency: 'RUB' }, s.actor),
    );
    expect(next.number).toBe(`${new Date().getUTCFullYear()}-000003`);
  });

  it('answers 422 on the input shape before touching the database', async () => {
    const r = await rejection(
      handler().execute(
        new CreateOrderCommand({ clientId: 'nope', currency: 'XXX', note: 'x'.repeat(5001) }, s.actor),
      ),
    );
    expect(r.status).toBe(422);
    expect(r.error.fieldErrors.map((e) => e.field).sort()).toEqual(['clientId', 'currency', 'note']);
  });

  it('answers 422 for a s.payer merged into another client (its tombstone is not live)', async () => {
    const kept = await payerRow(db(), 'Сидоров Семён');
    const merged = await payerRow(db(), 'Сидоров С.');
    await db().q(`UPDATE clients SET merged_into = $1 WHERE id = $2`, [kept, merged]);
    const r = await rejection(
      handler().execute(new CreateOrderCommand({ clientId: merged, currency: 'RUB' }, s.actor)),
    );
    expect(r.error.fieldErrors).toEqual([
      { field: 'clientId', message: `client ${merged} was merged into ${kept}` },
    ]);
  });
});
