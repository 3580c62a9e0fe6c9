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
import { SetServiceConfirmationCommand } from './set-service-confirmation.command';
import { SetServiceConfirmationHandler } from './set-service-confirmation.handler';

describe('SetServiceConfirmationHandler on the migrated schema', () => {
  const s = useOrdersSpec();
  const db = s.db;
  const handler = () => new SetServiceConfirmationHandler(db().uow, ordersHarness(db()).workflow);

  const orderWithFlight = () => withFlight(db(), s.actor, s.payer);

  const stored = (serviceId: string) =>
    db().one(
      `SELECT confirmation_status, confirmation_reason, confirmation_supplier FROM order_services WHERE id = $1`,
      [serviceId],
    );

  it('stores the answer on the service row and appends orders.service-confirmation-set (reason as its length only)', async () => {
    const { orderId, number, serviceId } = await orderWithFlight();
    const seq = await outboxSeq(db());
    const out = await handler().execute(
      new SetServiceConfirmationCommand(serviceId, ' аэрофлот ', 'rejected', 'нет мест', s.actor),
    );
    expect(out).toEqual({
      orderId,
      number,
      managerId: s.actor.userId,
      serviceType: 'flight',
      status: 'rejected',
    });
    expect(await stored(serviceId)).toEqual({
      confirmation_status: 'rejected',
      confirmation_reason: 'нет мест',
      confirmation_supplier: 'Аэрофлот',
    });
    const events = await orderEventsSince(db(), orderId, seq);
    expect(events.map((e) => [e.name, e.aggregateVersion])).toEqual([
      [ORDER_EVENTS.serviceConfirmationSet, 3],
    ]);
    const set = eventOf(events, ORDER_EVENTS.serviceConfirmationSet);
    expect(set).toEqual({
      v: 1,
      number,
      serviceId,
      serviceType: 'flight',
      status: 'rejected',
      supplier: 'Аэрофлот',
      managerId: s.actor.userId,
      diff: {
        confirmationStatus: { from: null, to: 'rejected' },
        rejectionReason: { from: null, to: '[8 characters]' },
      },
      subject: { entity: 'service', id: serviceId },
      facts: expect.objectContaining({ number, status: 'draft', version: 3 }),
    });
    expect(JSON.stringify(set)).not.toContain('нет мест');
  });

  it('records nothing when the answer repeats the stored one', async () => {
    const { orderId, serviceId } = await orderWithFlight();
    await handler().execute(
      new SetServiceConfirmationCommand(serviceId, 'Аэрофлот', 'confirmed', null, s.actor),
    );
    const seq = await outboxSeq(db());
    await handler().execute(
      new SetServiceConfirmationCommand(serviceId, 'Аэрофлот', 'confirmed', null, s.actor),
    );
    expect(await orderEventsSince(db(), orderId, seq)).toEqual([]);
    expect(await db().one(`SELECT version FROM orders WHERE id = $1`, [orderId])).toEqual({ version: 3 });
  });

  it('takes no version from the caller: concurrent answers queue on the order lock and the last one stands', async () => {
    const { orderId, serviceId } = await orderWithFlight();
    await Promise.all([
      handler().execute(new SetServiceConfirmationCommand(serviceId, 'Аэрофлот', 'confirmed', null, s.actor)),
      handler().execute(
        new SetServiceConfirmationCommand(serviceId, 'Аэрофлот', 'rejected', 'отмена рейса', s.actor),
      ),
    ]);
    const events = await orderEventsSince(db(), orderId, '0');
    const answers = events.filter((e) => e.name === ORDER_EVENTS.serviceConfirmationSet);
    expect(answers.map((e) => e.aggregateVersion)).toEqual([3, 4]);
    const last = answers[1].payload as { status: string };
    expect((await stored(serviceId)).confirmation_status).toBe(last.status);
  });

  it('answers 404 for another supplier or an unknown service, 422 for a rejection without a reason', async () => {
    const { orderId, serviceId } = await orderWithFlight();
    const seq = await outboxSeq(db());
    const other = await rejection(
      handler().execute(new SetServiceConfirmationCommand(serviceId, 'S7', 'confirmed', null, s.actor)),
    );
    expect([other.code, other.status, other.error.details]).toEqual([
      'COMMON.NOT_FOUND',
      404,
      { entity: 'service', id: serviceId },
    ]);
    const ghost = '01900000-0000-7000-8000-000000000006';
    const none = await rejection(
      handler().execute(new SetServiceConfirmationCommand(ghost, 'Аэрофлот', 'confirmed', null, s.actor)),
    );
    expect([none.code, none.status]).toEqual(['COMMON.NOT_FOUND', 404]);
    const why = await rejection(
      handler().execute(new SetServiceConfirmationCommand(serviceId, 'Аэрофлот', 'rejected', '  ', s.actor)),
    );
    expect([why.status, why.error.fieldErrors.map((e) => e.field)]).toEqual([422, ['reason']]);
    expect(await orderEventsSince(db(), orderId, seq)).toEqual([]);
    expect((await stored(serviceId)).confirmation_status).toBeNull();
  });
});
