import {
  useOrdersSpec,
  eventOf,
  orderEventsSince,
  orderWithFlight as withFlight,
  ordersHarness,
  outboxSeq,
  rejection,
} from '../../../../../../test/support/int-orders';
import { ORDER_EVENTS } from '../../../contracts/orders.events';
import { RecalculateOrderTotalsCommand } from './recalculate-order-totals.command';
import { RecalculateOrderTotalsHandler } from './recalculate-order-totals.handler';

describe('RecalculateOrderTotalsHandler on the migrated schema', () => {
  const s = useOrdersSpec();
  const db = s.db;
  const handler = () => new RecalculateOrderTotalsHandler(db().uow, ordersHarness(db()).workflow);

  const orderWithFlight = async () => {
    const o = await withFlight(db(), s.actor, s.payer);
    return { id: o.orderId, number: o.number };
  };

  it('repairs stored totals that drifted from the services and appends orders.totals-recalculated', async () => {
    const order = await orderWithFlight();
    await db().q(
      `UPDATE orders SET total_amount = 1, commission = 0, supplier_cost = 1, margin = 0 WHERE id = $1`,
      [order.id],
    );
    const seq = await outboxSeq(db());
    const out = await handler().execute(new RecalculateOrderTotalsCommand(order.id, s.actor));
    const totals = {
      totalAmount: '30000.00',
      commission: '1500.00',
      supplierCost: '28500.00',
      margin: '1500.00',
    };
    expect(out).toEqual({ id: order.id, version: 3, totals, changed: true });
    expect(
      await db().one(
        `SELECT total_amount::text AS "totalAmount", commission::text AS commission,
                supplier_cost::text AS "supplierCost", margin::text AS margin FROM orders WHERE id = $1`,
        [order.id],
      ),
    ).toEqual(totals);
    const events = await orderEventsSince(db(), order.id, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([[ORDER_EVENTS.totalsRecalculated, 3]]);
    const e = eventOf(events, ORDER_EVENTS.totalsRecalculated);
    expect(e).toMatchObject({ v: 1, number: order.number, currency: 'RUB', to: totals });
    expect(e.from.totalAmount).toBe('1.00');
    expect(e.diff.totalAmount).toEqual({ from: '1.00', to: '30000.00' });
    expect(e.facts).toMatchObject({ totalAmount: '30000.00', version: 3 });
  });

  it('records nothing and keeps the version when the totals are right', async () => {
    const order = await orderWithFlight();
    const seq = await outboxSeq(db());
    const out = await handler().execute(new RecalculateOrderTotalsCommand(order.id, s.actor));
    expect([out.changed, out.version]).toEqual([false, 2]);
    expect(await orderEventsSince(db(), order.id, seq)).toEqual([]);
  });

  it('takes no version from the caller: two concurrent runs queue on the row lock, one changes', async () => {
    const order = await orderWithFlight();
    await db().q(`UPDATE orders SET total_amount = 2 WHERE id = $1`, [order.id]);
    const runs = await Promise.all([
      handler().execute(new RecalculateOrderTotalsCommand(order.id, s.actor)),
      handler().execute(new RecalculateOrderTotalsCommand(order.id, s.actor)),
    ]);
    expect(runs.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(runs.map((r) => r.version)).toEqual([3, 3]);
  });

  it('answers 404 for an unknown or deleted order', async () => {
    const r = await rejection(
      handler().execute(new RecalculateOrderTotalsCommand('01900000-0000-7000-8000-000000000003', s.actor)),
    );
    expect([r.code, r.status]).toEqual(['COMMON.NOT_FOUND', 404]);
  });
});
