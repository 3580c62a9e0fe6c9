import {
  useOrdersSpec,
  draftOrder,
  eventOf,
  orderEventsSince,
  ordersHarness,
  outboxSeq,
  rejection,
} from '../../../../../../test/support/int-orders';
import { ConcurrencyError } from '../../../../../shared/domain/domain-error';
import { ORDER_EVENTS } from '../../../contracts/orders.events';
import { OrderNotDeletableError } from '../../../domain/order-errors';
import { ChangeOrderStatusCommand } from '../change-order-status/change-order-status.command';
import { ChangeOrderStatusHandler } from '../change-order-status/change-order-status.handler';
import { DeleteOrderCommand } from './delete-order.command';
import { DeleteOrderHandler } from './delete-order.handler';

describe('DeleteOrderHandler on the migrated schema', () => {
  const s = useOrdersSpec();
  const db = s.db;
  const handler = () => new DeleteOrderHandler(db().uow, ordersHarness(db()).workflow);

  it('soft-deletes a draft and appends orders.deleted; the order is then gone (404)', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    const seq = await outboxSeq(db());
    await handler().execute(new DeleteOrderCommand(order.id, 1, s.actor));
    const row = await db().one<{ deleted_at: Date | null; version: number }>(
      `SELECT deleted_at, version FROM orders WHERE id = $1`,
      [order.id],
    );
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect(row.version).toBe(2);
    const events = await orderEventsSince(db(), order.id, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([[ORDER_EVENTS.deleted, 2]]);
    expect(eventOf(events, ORDER_EVENTS.deleted)).toMatchObject({
      v: 1,
      number: order.number,
      diff: { deletedAt: { from: null, to: row.deleted_at!.toISOString() } },
      facts: { version: 2 },
    });
    const again = await rejection(handler().execute(new DeleteOrderCommand(order.id, undefined, s.actor)));
    expect([again.code, again.status]).toEqual(['COMMON.NOT_FOUND', 404]);
  });

  it('answers 409 (ConcurrencyError) for a stale version and keeps the order', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    const r = await rejection(handler().execute(new DeleteOrderCommand(order.id, 7, s.actor)));
    expect(r.error).toBeInstanceOf(ConcurrencyError);
    expect([r.code, r.status, r.error.details.currentVersion]).toEqual(['COMMON.VERSION_CONFLICT', 409, 1]);
    expect(await db().one(`SELECT deleted_at FROM orders WHERE id = $1`, [order.id])).toEqual({
      deleted_at: null,
    });
  });

  it('answers 409 for an order that is no longer a draft', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    await new ChangeOrderStatusHandler(db().uow, ordersHarness(db()).workflow).execute(
      new ChangeOrderStatusCommand(order.id, 'confirmed', null, 1, s.actor),
    );
    const seq = await outboxSeq(db());
    const r = await rejection(handler().execute(new DeleteOrderCommand(order.id, 2, s.actor)));
    expect(r.error).toBeInstanceOf(OrderNotDeletableError);
    expect([r.code, r.status, r.error.details.status]).toEqual(['ORDERS.NOT_DELETABLE', 409, 'confirmed']);
    expect(await orderEventsSince(db(), order.id, seq)).toEqual([]);
  });
});
