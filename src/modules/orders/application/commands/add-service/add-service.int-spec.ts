import { type IntDb, useIntDb } from '../../../../../../test/support/int-db';
import { useRoundTripProxy } from '../../../../../../test/support/round-trip-proxy';
import {
  actorOf,
  draftOrder,
  eventOf,
  flight,
  hotel,
  orderEventsSince,
  ordersHarness,
  outboxSeq,
  payerRow,
  rejection,
} from '../../../../../../test/support/int-orders';
import type { Actor } from '../../../../../shared/domain/actor';
import { ConcurrencyError } from '../../../../../shared/domain/domain-error';
import { ORDER_EVENTS } from '../../../contracts/orders.events';
import { ServiceConflictError } from '../../../domain/order-errors';
import { ChangeOrderStatusCommand } from '../change-order-status/change-order-status.command';
import { ChangeOrderStatusHandler } from '../change-order-status/change-order-status.handler';
import { AddServiceCommand } from './add-service.command';
import { AddServiceHandler } from './add-service.handler';

describe('AddServiceHandler on the migrated schema', () => {
  const db = useIntDb();
  const handler = () => {
    const h = ordersHarness(db());
    return new AddServiceHandler(db().uow, h.workflow, h.rates);
  };
  let operator: Actor;
  let supervisor: Actor;
  let payer: string;

  beforeAll(async () => {
    operator = await actorOf(db(), 'operator');
    supervisor = await actorOf(db(), 'supervisor');
    payer = await payerRow(db());
    await db().q(
      `INSERT INTO rates (currency, date, rate, source) VALUES ('EUR', '2027-05-31', 98.5, 'cbr')`,
    );
  });

  const draft = () => draftOrder(db(), ordersHarness(db()), operator, payer);

  it('adds the service, recalculates the totals and appends service-added + totals-recalculated', async () => {
    const order = await draft();
    const seq = await outboxSeq(db());
    const out = await handler().execute(new AddServiceCommand(order.id, flight(), 1, false, operator));
    expect(out).toMatchObject({
      orderId: order.id,
      orderVersion: 2,
      conflicts: [],
      totals: { totalAmount: '30000.00', commission: '1500.00', supplierCost: '28500.00', margin: '1500.00' },
      service: { type: 'flight', supplier: 'Аэрофлот', travellerIds: [payer] },
    });
    const serviceId = out.service!.id;
    expect(
      await db().one(
        `SELECT order_id, type, amount::text, commission_amount::text FROM order_services WHERE id = $1`,
        [serviceId],
      ),
    ).toEqual({ order_id: order.id, type: 'flight', amount: '30000.00', commission_amount: '1500.00' });
    const events = await orderEventsSince(db(), order.id, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([
      [ORDER_EVENTS.serviceAdded, 2],
      [ORDER_EVENTS.totalsRecalculated, 2],
    ]);
    const added = eventOf(events, ORDER_EVENTS.serviceAdded);
    expect(added).toMatchObject({
      v: 1,
      number: order.number,
      serviceId,
      serviceType: 'flight',
      forced: false,
      subject: { entity: 'service', id: serviceId },
      service: {
        type: 'flight',
        supplier: 'Аэрофлот',
        startAt: '2027-06-01T07:00:00.000Z',
        location: { city: 'Москва', iata: 'SVO' },
        travellers: 1,
      },
      facts: { totalAmount: '30000.00', version: 2 },
    });
    expect(added.diff.price).toEqual({ from: null, to: '30000.00' });
    expect(eventOf(events, ORDER_EVENTS.totalsRecalculated).to.totalAmount).toBe('30000.00');
  });

  it('prices a foreign-currency service at the stored rate of its day (finance GetRateQuery)', async () => {
    const order = await draft();
    const out = await handler().execute(new AddServiceCommand(order.id, hotel(), 1, false, operator));
    expect(
      await db().one(`SELECT rate::text, rate_source, amount::text FROM order_services WHERE id = $1`, [
        out.service!.id,
      ]),
    ).toEqual({ rate: '98.50000000', rate_source: 'cbr', amount: '39400.00' });
    const none = await rejection(
      handler().execute(new AddServiceCommand(order.id, hotel({ currency: 'USD' }), 2, false, operator)),
    );
    expect([none.status, none.error.fieldErrors.map((e) => e.field)]).toEqual([422, ['rate']]);
  });

  it('answers 409 on a new error conflict; force needs orders.force; forced by a supervisor it is audited', async () => {
    const order = await draft();
    await handler().execute(new AddServiceCommand(order.id, flight(), 1, false, operator));
    const overlap = flight({ supplier: 'S7', details: { flightNumber: 'S7 1234' } });
    const seq = await outboxSeq(db());
    const r = await rejection(
      handler().execute(new AddServiceCommand(order.id, overlap, 2, false, operator)),
    );
    expect(r.error).toBeInstanceOf(ServiceConflictError);
    expect([r.code, r.status]).toEqual(['ORDERS.SERVICE_CONFLICT', 409]);
    const forbidden = await rejection(
      handler().execute(new AddServiceCommand(order.id, overlap, 2, true, operator)),
    );
    expect([forbidden.code, forbidden.status]).toEqual(['COMMON.FORBIDDEN', 403]);
    expect(await orderEventsSince(db(), order.id, seq)).toEqual([]);

    const forced = await handler().execute(new AddServiceCommand(order.id, overlap, 2, true, supervisor));
    expect(forced.conflicts.map((c) => c.code)).toContain('TIME_OVERLAP');
    const events = await orderEventsSince(db(), order.id, seq);
    expect(events.map((e) => e.name)).toEqual([
      ORDER_EVENTS.serviceAdded,
      ORDER_EVENTS.conflictsDetected,
      ORDER_EVENTS.totalsRecalculated,
    ]);
    expect(eventOf(events, ORDER_EVENTS.serviceAdded)).toMatchObject({
      forced: true,
      diff: { force: { from: false, to: true }, acceptedConflicts: { from: null, to: ['TIME_OVERLAP'] } },
    });
    const detected = eventOf(events, ORDER_EVENTS.conflictsDetected);
    expect(detected.forced).toBe(true);
    expect(detected.conflicts[0]).toMatchObject({ code: 'TIME_OVERLAP', severity: 'error' });
  });

  it('answers 409 (ConcurrencyError) for a stale version, 409 on a closed order, 422 on a bad service', async () => {
    const order = await draft();
    const stale = await rejection(
      handler().execute(new AddServiceCommand(order.id, flight(), 5, false, operator)),
    );
    expect(stale.error).toBeInstanceOf(ConcurrencyError);
    expect([stale.code, stale.status]).toEqual(['COMMON.VERSION_CONFLICT', 409]);

    const bad = await rejection(
      handler().execute(
        new AddServiceCommand(order.id, flight({ price: '-1', endAt: 'soon' }), 1, false, operator),
      ),
    );
    expect(bad.status).toBe(422);
    expect(bad.error.fieldErrors.map((e) => e.field)).toEqual(expect.arrayContaining(['price', 'endAt']));

    await new ChangeOrderStatusHandler(db().uow, ordersHarness(db()).workflow).execute(
      new ChangeOrderStatusCommand(order.id, 'cancelled', 'отказ', 1, operator),
    );
    const locked = await rejection(
      handler().execute(new AddServiceCommand(order.id, flight(), 2, false, operator)),
    );
    expect([locked.code, locked.status]).toEqual(['ORDERS.LOCKED', 409]);
    expect(
      await db().one(`SELECT count(*)::int AS n FROM order_services WHERE order_id = $1`, [order.id]),
    ).toEqual({
      n: 0,
    });
  });
});

describe('AddServiceHandler: round trips to PostgreSQL (a counting proxy in front of the server)', () => {
  const db = useIntDb();
  const { proxy, unitOfWork } = useRoundTripProxy(db);

  /**
   * Adds a service to a fresh draft through the proxy (`lanes` shared read lanes on its pool), after
   * one add to another draft has opened the connections and prepared the statements; the proxy
   * counts the second add only.
   */
  async function measuredAdd(lanes: number) {
    const operator = await actorOf(db(), 'operator');
    const payer = await payerRow(db());
    const through: IntDb = { ...db(), uow: await unitOfWork(true, lanes) };
    const h = ordersHarness(through);
    const handler = new AddServiceHandler(through.uow, h.workflow, h.rates);
    const [first, second] = [
      await draftOrder(db(), ordersHarness(db()), operator, payer),
      await draftOrder(db(), ordersHarness(db()), operator, payer),
    ];
    await handler.execute(new AddServiceCommand(first.id, flight(), 1, false, operator));
    proxy().reset();
    const out = await handler.execute(new AddServiceCommand(second.id, flight(), 1, false, operator));
    return { out, orderId: second.id };
  }

  it("takes 3: BEGIN with the lock and the services, the passports, the three writes (the version check the UPDATE's own) with the COMMIT", async () => {
    const { out, orderId } = await measuredAdd(0);
    expect(proxy().roundTrips()).toBe(3);
    expect(out.orderVersion).toBe(2);
    expect(
      await db().one(`SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1`, [orderId]),
    ).toEqual({ n: 3 }); // created, service-added, totals-recalculated
  });

  it("sends the passports on a shared read lane: the transaction's own connection makes 2", async () => {
    const { out } = await measuredAdd(1);
    // the transaction: BEGIN with the lock and the services, then the writes with the COMMIT; the lane: the passports
    expect(proxy().roundTripsByConnection().sort()).toEqual([1, 2]);
    expect(out.orderVersion).toBe(2);
    expect(out.conflicts).toEqual([]);
  });
});
