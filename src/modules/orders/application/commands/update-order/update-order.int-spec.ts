import {
  payerRow,
  useOrdersSpec,
  draftOrder,
  eventOf,
  flight,
  orderEventsSince,
  ordersHarness,
  outboxSeq,
  rejection,
} from '../../../../../../test/support/int-orders';
import { ConcurrencyError } from '../../../../../shared/domain/domain-error';
import { ORDER_EVENTS } from '../../../contracts/orders.events';
import { AddServiceCommand } from '../add-service/add-service.command';
import { AddServiceHandler } from '../add-service/add-service.handler';
import { UpdateOrderCommand } from './update-order.command';
import { UpdateOrderHandler } from './update-order.handler';

describe('UpdateOrderHandler on the migrated schema', () => {
  const s = useOrdersSpec();
  const db = s.db;
  const handler = () => {
    const h = ordersHarness(db());
    return new UpdateOrderHandler(db().uow, h.workflow, h.clients);
  };

  it('changes the fields given, takes the new s.payer name and appends orders.updated with the diff', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    const other = await payerRow(db(), 'Иванова Ольга');
    const seq = await outboxSeq(db());
    const out = await handler().execute(
      new UpdateOrderCommand(
        order.id,
        1,
        {
          clientId: other.toUpperCase(),
          travellerIds: [other],
          note: 'виза',
          deadline: '2027-05-01T12:00:00+03:00',
        },
        s.actor,
      ),
    );
    expect(out).toEqual({ id: order.id, version: 2 });
    expect(
      await db().one(
        `SELECT client_id, payer_name, traveller_ids, note, deadline, version FROM orders WHERE id = $1`,
        [order.id],
      ),
    ).toEqual({
      client_id: other,
      payer_name: 'Иванова Ольга',
      traveller_ids: [other],
      note: 'виза',
      deadline: new Date('2027-05-01T09:00:00.000Z'),
      version: 2,
    });
    const events = await orderEventsSince(db(), order.id, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([[ORDER_EVENTS.updated, 2]]);
    const updated = eventOf(events, ORDER_EVENTS.updated);
    expect(updated).toMatchObject({ v: 1, number: order.number });
    expect(updated.diff).toEqual({
      clientId: { from: s.payer, to: other },
      travellerIds: { from: [s.payer], to: [other] },
      note: { from: null, to: 'виза' },
      deadline: { from: null, to: '2027-05-01T09:00:00.000Z' },
    });
    expect(updated.facts).toMatchObject({
      clientId: other,
      deadline: '2027-05-01T09:00:00.000Z',
      version: 2,
    });
  });

  it('records nothing and keeps the version when nothing changes', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer, { note: 'как есть' });
    const seq = await outboxSeq(db());
    expect(
      await handler().execute(new UpdateOrderCommand(order.id, 1, { note: 'как есть' }, s.actor)),
    ).toEqual({
      id: order.id,
      version: 1,
    });
    expect(await orderEventsSince(db(), order.id, seq)).toEqual([]);
  });

  it('answers 409 (ConcurrencyError) for a stale version and changes nothing', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    await handler().execute(new UpdateOrderCommand(order.id, 1, { note: 'первая' }, s.actor));
    const seq = await outboxSeq(db());
    const r = await rejection(
      handler().execute(new UpdateOrderCommand(order.id, 1, { note: 'вторая' }, s.actor)),
    );
    expect(r.error).toBeInstanceOf(ConcurrencyError);
    expect([r.code, r.status, r.error.details.currentVersion]).toEqual(['COMMON.VERSION_CONFLICT', 409, 2]);
    expect(await db().one(`SELECT note FROM orders WHERE id = $1`, [order.id])).toEqual({ note: 'первая' });
    expect(await orderEventsSince(db(), order.id, seq)).toEqual([]);
  });

  it('answers 422 for a traveller who is not a live client, 409 for a currency change with services, 404 for no order', async () => {
    const h = ordersHarness(db());
    const order = await draftOrder(db(), h, s.actor, s.payer);
    const ghost = '01900000-0000-7000-8000-000000000002';
    const r = await rejection(
      handler().execute(new UpdateOrderCommand(order.id, 1, { travellerIds: [ghost] }, s.actor)),
    );
    expect([r.status, r.error.fieldErrors.map((e) => e.field)]).toEqual([422, ['travellerIds[0]']]);

    await new AddServiceHandler(db().uow, h.workflow, h.rates).execute(
      new AddServiceCommand(order.id, flight(), 1, false, s.actor),
    );
    const locked = await rejection(
      handler().execute(new UpdateOrderCommand(order.id, 2, { currency: 'EUR' }, s.actor)),
    );
    expect([locked.code, locked.status]).toEqual(['ORDERS.CURRENCY_LOCKED', 409]);

    const missing = await rejection(
      handler().execute(new UpdateOrderCommand(ghost, 1, { note: 'x' }, s.actor)),
    );
    expect([missing.code, missing.status]).toEqual(['COMMON.NOT_FOUND', 404]);
  });
});
