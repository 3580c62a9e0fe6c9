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
import { InvalidOrderTransitionError } from '../../../domain/order-errors';
import { ChangeOrderStatusCommand } from './change-order-status.command';
import { ChangeOrderStatusHandler } from './change-order-status.handler';

describe('ChangeOrderStatusHandler on the migrated schema', () => {
  const s = useOrdersSpec();
  const db = s.db;
  const handler = () => new ChangeOrderStatusHandler(db().uow, ordersHarness(db()).workflow);

  it('moves the order on and appends orders.status-changed (from, to, reason, facts)', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    const seq = await outboxSeq(db());
    expect(
      await handler().execute(new ChangeOrderStatusCommand(order.id, 'confirmed', null, 1, s.actor)),
    ).toEqual({
      id: order.id,
      version: 2,
    });
    await handler().execute(
      new ChangeOrderStatusCommand(order.id, 'cancelled', '  клиент передумал ', 2, s.actor),
    );
    expect(
      await db().one(`SELECT status, cancel_reason, version FROM orders WHERE id = $1`, [order.id]),
    ).toEqual({
      status: 'cancelled',
      cancel_reason: 'клиент передумал',
      version: 3,
    });
    const events = await orderEventsSince(db(), order.id, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([
      [ORDER_EVENTS.statusChanged, 2],
      [ORDER_EVENTS.statusChanged, 3],
    ]);
    expect(eventOf(events, ORDER_EVENTS.statusChanged)).toMatchObject({
      v: 1,
      number: order.number,
      from: 'draft',
      to: 'confirmed',
      reason: null,
      diff: { status: { from: 'draft', to: 'confirmed' } },
      facts: { status: 'confirmed', version: 2 },
    });
    expect(events[1].payload).toMatchObject({
      from: 'confirmed',
      to: 'cancelled',
      reason: 'клиент передумал',
      diff: {
        status: { from: 'confirmed', to: 'cancelled' },
        cancelReason: { from: null, to: 'клиент передумал' },
      },
    });
  });

  it('answers 409 (ConcurrencyError) for a stale version', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    await handler().execute(new ChangeOrderStatusCommand(order.id, 'confirmed', null, 1, s.actor));
    const r = await rejection(
      handler().execute(new ChangeOrderStatusCommand(order.id, 'in_progress', null, 1, s.actor)),
    );
    expect(r.error).toBeInstanceOf(ConcurrencyError);
    expect([r.code, r.status]).toEqual(['COMMON.VERSION_CONFLICT', 409]);
    expect(await db().one(`SELECT status FROM orders WHERE id = $1`, [order.id])).toEqual({
      status: 'confirmed',
    });
  });

  it('answers 409 for a transition the machine does not allow, 422 for a cancellation without a reason', async () => {
    const order = await draftOrder(db(), ordersHarness(db()), s.actor, s.payer);
    const seq = await outboxSeq(db());
    const r = await rejection(
      handler().execute(new ChangeOrderStatusCommand(order.id, 'completed', null, 1, s.actor)),
    );
    expect(r.error).toBeInstanceOf(InvalidOrderTransitionError);
    expect([r.code, r.status]).toEqual(['ORDERS.INVALID_TRANSITION', 409]);
    expect(r.error.details.allowed).toEqual(expect.arrayContaining(['confirmed', 'cancelled']));
    const why = await rejection(
      handler().execute(new ChangeOrderStatusCommand(order.id, 'cancelled', '  ', 1, s.actor)),
    );
    expect([why.status, why.error.fieldErrors.map((e) => e.field)]).toEqual([422, ['reason']]);
    expect(await orderEventsSince(db(), order.id, seq)).toEqual([]);
  });
});
