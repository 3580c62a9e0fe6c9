import { useIntDb } from '../../../../../../test/support/int-db';
import {
  actorOf,
  eventOf,
  flight,
  orderEventsSince,
  orderWithFlight as withFlight,
  ordersHarness,
  outboxSeq,
  payerRow,
  rejection,
} from '../../../../../../test/support/int-orders';
import type { Actor } from '../../../../../shared/domain/actor';
import { ConcurrencyError } from '../../../../../shared/domain/domain-error';
import { ORDER_EVENTS } from '../../../contracts/orders.events';
import { AddServiceCommand } from '../add-service/add-service.command';
import { AddServiceHandler } from '../add-service/add-service.handler';
import { UpdateServiceCommand } from './update-service.command';
import { UpdateServiceHandler } from './update-service.handler';

describe('UpdateServiceHandler on the migrated schema', () => {
  const db = useIntDb();
  const handler = () => {
    const h = ordersHarness(db());
    return new UpdateServiceHandler(db().uow, h.workflow, h.rates);
  };
  let actor: Actor;
  let payer: string;

  beforeAll(async () => {
    actor = await actorOf(db());
    payer = await payerRow(db());
    await db().q(
      `INSERT INTO rates (currency, date, rate, source) VALUES ('EUR', '2027-05-01', 100, 'manual')`,
    );
  });

  const orderWithFlight = () => withFlight(db(), actor, payer);

  it('changes the fields given, recalculates the totals and appends service-updated with the diff', async () => {
    const { orderId, number, serviceId } = await orderWithFlight();
    const seq = await outboxSeq(db());
    const out = await handler().execute(
      new UpdateServiceCommand(
        orderId,
        serviceId,
        { price: '40000.00', bookingRef: 'ABC123' },
        2,
        false,
        actor,
      ),
    );
    expect(out).toMatchObject({
      orderVersion: 3,
      service: { id: serviceId, price: '40000.00', bookingRef: 'ABC123' },
      totals: { totalAmount: '40000.00', commission: '2000.00' },
    });
    expect(
      await db().one(`SELECT price::text, booking_ref FROM order_services WHERE id = $1`, [serviceId]),
    ).toEqual({ price: '40000.00', booking_ref: 'ABC123' });
    const events = await orderEventsSince(db(), orderId, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([
      [ORDER_EVENTS.serviceUpdated, 3],
      [ORDER_EVENTS.totalsRecalculated, 3],
    ]);
    const updated = eventOf(events, ORDER_EVENTS.serviceUpdated);
    expect(updated).toMatchObject({
      v: 1,
      number,
      serviceId,
      serviceType: 'flight',
      forced: false,
      subject: { entity: 'service', id: serviceId },
      service: { bookingRef: 'ABC123' },
      facts: { totalAmount: '40000.00', version: 3 },
    });
    expect(updated.diff.price).toEqual({ from: '30000.00', to: '40000.00' });
    expect(updated.diff.bookingRef).toEqual({ from: null, to: 'ABC123' });
  });

  it('records nothing when nothing changes; a new currency without a rate takes the stored one', async () => {
    const { orderId, serviceId } = await orderWithFlight();
    const seq = await outboxSeq(db());
    const same = await handler().execute(
      new UpdateServiceCommand(orderId, serviceId, { price: '30000.00' }, 2, false, actor),
    );
    expect(same.orderVersion).toBe(2);
    expect(await orderEventsSince(db(), orderId, seq)).toEqual([]);
    await handler().execute(
      new UpdateServiceCommand(orderId, serviceId, { currency: 'eur', price: '300.00' }, 2, false, actor),
    );
    expect(
      await db().one(
        `SELECT currency, rate::text, rate_source, amount::text FROM order_services WHERE id = $1`,
        [serviceId],
      ),
    ).toEqual({ currency: 'EUR', rate: '100.00000000', rate_source: 'manual', amount: '30000.00' });
  });

  it('answers 409 (ConcurrencyError) for a stale version, 409 on a new conflict, 404 for an unknown service', async () => {
    const { orderId, serviceId } = await orderWithFlight();
    const h = ordersHarness(db());
    const later = flight({ startAt: '2027-06-10T10:00:00+03:00', endAt: '2027-06-10T14:00:00+02:00' });
    const second = await new AddServiceHandler(db().uow, h.workflow, h.rates).execute(
      new AddServiceCommand(orderId, later, 2, false, actor),
    );
    const stale = await rejection(
      handler().execute(new UpdateServiceCommand(orderId, serviceId, { price: '1.00' }, 2, false, actor)),
    );
    expect(stale.error).toBeInstanceOf(ConcurrencyError);
    expect([stale.code, stale.status, stale.error.details.currentVersion]).toEqual([
      'COMMON.VERSION_CONFLICT',
      409,
      3,
    ]);
    const seq = await outboxSeq(db());
    const overlap = await rejection(
      handler().execute(
        new UpdateServiceCommand(
          orderId,
          second.service!.id,
          { startAt: '2027-06-01T10:30:00+03:00', endAt: '2027-06-01T14:30:00+02:00' },
          3,
          false,
          actor,
        ),
      ),
    );
    expect([overlap.code, overlap.status]).toEqual(['ORDERS.SERVICE_CONFLICT', 409]);
    expect(await orderEventsSince(db(), orderId, seq)).toEqual([]);
    const missing = await rejection(
      handler().execute(
        new UpdateServiceCommand(
          orderId,
          '01900000-0000-7000-8000-000000000004',
          { price: '1.00' },
          3,
          false,
          actor,
        ),
      ),
    );
    expect([missing.code, missing.status]).toEqual(['COMMON.NOT_FOUND', 404]);
    const bad = await rejection(
      handler().execute(new UpdateServiceCommand(orderId, serviceId, { price: 'много' }, 3, false, actor)),
    );
    expect([bad.status, bad.error.fieldErrors.map((e) => e.field)]).toEqual([422, ['price']]);
  });
});
