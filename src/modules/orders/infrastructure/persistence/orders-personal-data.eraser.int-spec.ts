import { useIntDb } from '../../../../../test/support/int-db';
import { insertClientRow, insertOrderRow, insertUser } from '../../../../../test/support/int-fixtures';
import type { Actor } from '../../../../shared/domain/actor';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { OutboxRelay } from '../../../../shared/outbox/outbox.relay';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { OrdersPersonalDataEraser } from './orders-personal-data.eraser';

describe('OrdersPersonalDataEraser on the migrated schema', () => {
  const db = useIntDb();
  const relay = { deliverSoon: () => undefined } as unknown as OutboxRelay;
  const eraser = () => new OrdersPersonalDataEraser(db().uow, new OutboxWriter(db().uow, relay));
  let actor: Actor;

  beforeAll(async () => {
    actor = { userId: await insertUser(db(), 'admin'), role: 'admin', correlationId: null };
  });

  it('pseudonymises the payer of every order of the client, scrubs the values in notes, services and timeline, and records an event per order', async () => {
    const clientId = await insertClientRow(db(), 'Сидоров Семён');
    const other = await insertClientRow(db(), 'Другой Клиент');
    const a = await insertOrderRow(db(), clientId);
    const b = await insertOrderRow(db(), clientId);
    const foreign = await insertOrderRow(db(), other);
    await db().q(
      `UPDATE orders SET payer_name = 'Сидоров Семён', note = 'звонить Сидоров Семён +79001234567' WHERE id = $1`,
      [a.id],
    );
    await db().q(`UPDATE orders SET note = 'звонить +79001234567' WHERE id = $1`, [foreign.id]);
    await db().q(
      `INSERT INTO order_services (id, order_id, type, start_at, end_at, start_time_zone, end_time_zone, location,
                                   traveller_ids, price, currency, rate, commission_kind, commission_value, amount,
                                   commission_amount, booking_ref, details)
       VALUES ($1, $2, 'hotel', now(), now() + interval '1 day', 'UTC', 'UTC', '{"city":"Рим"}', '{}', 1, 'RUB', 1,
               'percent', 0, 1, 0, 'SIDOROV', '{"guest":"Сидоров Семён"}')`,
      [uuidv7(), b.id],
    );
    await db().q(
      `INSERT INTO order_timeline (event_id, order_id, seq, ts, kind, actor_role, summary, payload)
       VALUES ($1, $2, 1, now(), 'orders.updated', 'operator', 'Изменён заказ: Сидоров Семён', '{"to":"+79001234567"}')`,
      [uuidv7(), a.id],
    );
    const [{ version: before }] = await db().q<{ version: number }>(
      `SELECT version FROM orders WHERE id = $1`,
      [a.id],
    );

    const report = await db().tx(() =>
      eraser().erasePersonalData(
        {
          destructionId: uuidv7(),
          clientId,
          pseudonym: 'Клиент №7',
          values: new Set(['Сидоров Семён', '+79001234567', 'sidorov', 'x']),
          applicationIds: [],
          channelRefs: [],
        },
        actor,
      ),
    );

    expect(report.counts).toEqual({ ordersPseudonymized: 2, orderRecordsScrubbed: 4 });
    expect(report.kept[0]).toContain('заказы (2)');
    expect(report.kept[0]).toContain('Клиент №7');
    const orders = await db().q<{
      id: string;
      payer_name: string;
      note: string | null;
      search_text: string;
      version: number;
      updated_by: string;
    }>(
      `SELECT id, payer_name, note, search_text, version, updated_by FROM orders WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[a.id, b.id, foreign.id]],
    );
    const byId = new Map(orders.map((o) => [o.id, o]));
    expect(byId.get(a.id)).toMatchObject({
      payer_name: 'Клиент №7',
      note: 'звонить Клиент №7 Клиент №7',
      version: before + 1,
      updated_by: actor.userId,
    });
    expect(byId.get(a.id)!.search_text).toBe(`${a.number} клиент №7`);
    expect(byId.get(foreign.id)!.note).toBe('звонить Клиент №7');
    const [svc] = await db().q<{ booking_ref: string; details: object }>(
      `SELECT booking_ref, details FROM order_services WHERE order_id = $1`,
      [b.id],
    );
    expect(svc).toEqual({ booking_ref: 'Клиент №7', details: { guest: 'Клиент №7' } });
    const [t] = await db().q<{ summary: string; payload: object }>(
      `SELECT summary, payload FROM order_timeline WHERE order_id = $1`,
      [a.id],
    );
    expect(t).toEqual({ summary: 'Изменён заказ: Клиент №7', payload: { to: 'Клиент №7' } });
    const events = await db().q<{
      name: string;
      aggregate_id: string;
      aggregate_version: number;
      payload: object;
    }>(
      `SELECT name, aggregate_id, aggregate_version, payload FROM outbox WHERE name = 'orders.payer-pseudonymized' ORDER BY aggregate_id`,
    );
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.aggregate_id === a.id)).toMatchObject({
      aggregate_version: before + 1,
      payload: { number: a.number, pseudonym: 'Клиент №7' },
    });
  });

  it('only scrubs (no orders) for a destruction without a client, and does nothing with scrub: false', async () => {
    const report = await db().tx(() =>
      eraser().erasePersonalData(
        {
          destructionId: uuidv7(),
          clientId: null,
          pseudonym: 'Клиент №8',
          values: new Set(['никто-нигде']),
          applicationIds: [uuidv7()],
          channelRefs: [],
          scrub: false,
        },
        actor,
      ),
    );
    expect(report).toEqual({
      categories: [],
      kept: [],
      counts: { ordersPseudonymized: 0, orderRecordsScrubbed: 0 },
    });
  });
});
