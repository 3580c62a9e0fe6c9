import {
  useOrdersSpec,
  eventOf,
  orderEventsSince,
  orderWithFlight as withFlight,
  ordersHarness,
  outboxSeq,
  rejection,
} from '../../../../../../test/support/int-orders';
import { ConcurrencyError } from '../../../../../shared/domain/domain-error';
import { ORDER_EVENTS } from '../../../contracts/orders.events';
import { ChangeOrderStatusCommand } from '../change-order-status/change-order-status.command';
import { ChangeOrderStatusHandler } from '../change-order-status/change-order-status.handler';
import { RemoveServiceCommand } from './remove-service.command';
import { RemoveServiceHandler } from './remove-service.handler';

describe('RemoveServiceHandler on the migrated schema', () => {
  const s = useOrdersSpec();
  const db = s.db;
  const handler = () => new RemoveServiceHandler(db().uow, ordersHarness(db()).workflow);

  const orderWithFlight = () => withFlight(db(), s.actor, s.payer);

  it('deletes the service row, zeroes the totals and appends service-removed + totals-recalculated', async () => {
    const { orderId, number, serviceId } = await orderWithFlight();
    const seq = await outboxSeq(db());
    const out = await handler().execute(new RemoveServiceCommand(orderId, serviceId, 2, s.actor));
    expect(out).toEqual({
      orderId,
      service: null,
      conflicts: [],
      orderVersion: 3,
      totals: { totalAmount: '0.00', commission: '0.00', supplierCost: '0.00', margin: '0.00' },
    });
    expect(await db().q(`SELECT id FROM order_services WHERE id = $1`, [serviceId])).toEqual([]);
    const events = await orderEventsSince(db(), orderId, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([
      [ORDER_EVENTS.serviceRemoved, 3],
      [ORDER_EVENTS.totalsRecalculated, 3],
    ]);
    const removed = eventOf(events, ORDER_EVENTS.serviceRemoved);
    expect(removed).toMatchObject({
      v: 1,
      number,
      serviceId,
      serviceType: 'flight',
      forced: false,
      subject: { entity: 'service', id: serviceId },
      service: null,
      facts: { totalAmount: '0.00', version: 3 },
    });
    expect(removed.diff.price).toEqual({ from: '30000.00', to: null });
  });

  it('answers 409 (ConcurrencyError) for a stale version and keeps the service', async () => {
    const { orderId, serviceId } = await orderWithFlight();
    const r = await rejection(handler().execute(new RemoveServiceCommand(orderId, serviceId, 1, s.actor)));
    expect(r.error).toBeInstanceOf(ConcurrencyError);
    expect([r.code, r.status]).toEqual(['COMMON.VERSION_CONFLICT', 409]);
    expect(await db().q(`SELECT id FROM order_services WHERE id = $1`, [serviceId])).toHaveLength(1);
  });

  it('answers 404 for a service of no such order and 409 once the order is closed', async () => {
    const { orderId, serviceId } = await orderWithFlight();
    const missing = await rejection(
      handler().execute(
        new RemoveServiceCommand(orderId, '01900000-0000-7000-8000-000000000005', 2, s.actor),
      ),
    );
    expect([missing.code, missing.status]).toEqual(['COMMON.NOT_FOUND', 404]);
    await new ChangeOrderStatusHandler(db().uow, ordersHarness(db()).workflow).execute(
      new ChangeOrderStatusCommand(orderId, 'cancelled', 'отказ', 2, s.actor),
    );
    const seq = await outboxSeq(db());
    const locked = await rejection(
      handler().execute(new RemoveServiceCommand(orderId, serviceId, 3, s.actor)),
    );
    expect([locked.code, locked.status]).toEqual(['ORDERS.LOCKED', 409]);
    expect(await orderEventsSince(db(), orderId, seq)).toEqual([]);
  });
});
