import type { PoolClient } from 'pg';
import { useIntDb } from '../../../../test/support/int-db';
import { uuidv7 } from '../../../shared/domain/uuid';
import type { TimelineEntry } from '../domain/timeline-entry';
import { SqlTimelineStore, rebuildTimeline } from './sql-timeline.store';

describe('rebuildTimeline on the migrated schema', () => {
  const db = useIntDb();

  async function event(name: string, aggregateType: string, aggregateId: string | null, payload: object) {
    const id = uuidv7();
    await db().q(
      `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_role, payload)
       VALUES ($1, $2, $3, $4, 1, '2026-11-30T10:00:00Z', 'operator', $5::jsonb)`,
      [id, name, aggregateType, aggregateId, JSON.stringify(payload)],
    );
    return id;
  }

  async function withClient<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const pool = (db().ds.driver as unknown as { master: import('pg').Pool }).master;
    const c = await pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  }

  it('replaces the timeline with every order event and the foreign events about an order, in outbox order', async () => {
    const orderId = uuidv7();
    const other = uuidv7();
    const created = await event('orders.created', 'order', orderId, { number: '2026-000001', diff: {} });
    await event('clients.created', 'client', uuidv7(), { fullName: 'не про заказ' });
    const paid = await event('finance.payment-recorded', 'payment', uuidv7(), {
      orderId,
      type: 'client_payment',
      amount: '100.00',
      currency: 'RUB',
    });
    // a payment without an order leaves no row; an order event of another order does
    await event('finance.payment-recorded', 'payment', uuidv7(), { type: 'client_payment', amount: '1.00' });
    await event('orders.deleted', 'order', other, { number: '2026-000002' });
    // a stale row the rebuild must remove
    await db().q(
      `INSERT INTO order_timeline (event_id, order_id, seq, ts, kind, actor_role, summary, payload)
       VALUES ($1, $2, 0, now(), 'orders.bogus', 'system', 'stale', '{}')`,
      [uuidv7(), orderId],
    );

    expect(await withClient((c) => rebuildTimeline(c))).toBe(3);
    const rows = await db().q<{ event_id: string; order_id: string; kind: string; summary: string }>(
      `SELECT event_id, order_id, kind, summary FROM order_timeline ORDER BY seq`,
    );
    expect(rows.map((r) => r.kind)).toEqual(['orders.created', 'finance.payment-recorded', 'orders.deleted']);
    expect(rows[0]).toMatchObject({
      event_id: created,
      order_id: orderId,
      summary: 'Создан заказ 2026-000001',
    });
    expect(rows[1]).toMatchObject({ event_id: paid, order_id: orderId });
    expect(rows[2]).toMatchObject({ order_id: other, summary: 'Заказ 2026-000002 удалён' });
    // a second rebuild reproduces the same rows
    expect(await withClient((c) => rebuildTimeline(c))).toBe(3);
    expect(await db().q(`SELECT event_id, order_id, kind, summary FROM order_timeline ORDER BY seq`)).toEqual(
      rows,
    );
  });

  it('rolls back (the old timeline stays) when a statement fails', async () => {
    const before = await db().q(`SELECT event_id FROM order_timeline ORDER BY seq`);
    const failing = await withClient(async (c) => {
      const query = c.query.bind(c) as (text: string, params?: unknown[]) => Promise<unknown>;
      (c as unknown as { query: typeof query }).query = (text: string, params?: unknown[]) =>
        text.startsWith('INSERT INTO order_timeline')
          ? Promise.reject(new Error('disk full'))
          : query(text, params);
      try {
        return await rebuildTimeline(c).catch((e: Error) => e.message);
      } finally {
        (c as unknown as { query: typeof query }).query = query;
      }
    });
    expect(failing).toBe('disk full');
    expect(await db().q(`SELECT event_id FROM order_timeline ORDER BY seq`)).toEqual(before);
  });

  it('appends a batch of rows with one statement, idempotently (a redelivered batch leaves one row each)', async () => {
    const store = new SqlTimelineStore(db().uow);
    const orderId = uuidv7();
    const entry = (i: number, payload: Record<string, unknown>): TimelineEntry => ({
      eventId: uuidv7(),
      orderId,
      seq: String(9_000_000 + i),
      ts: `2026-12-01T10:00:0${i}.000Z`,
      kind: 'orders.service-added',
      actorUserId: i === 0 ? null : uuidv7(),
      actorRole: 'operator',
      summary: `Добавлена услуга «${i}» "кавычки" \\ косая`,
      payload,
    });
    const entries = [entry(0, { a: 'перевод\nстроки "x"' }), entry(1, {}), entry(2, { n: [1, null] })];
    await db().tx(() => store.appendMany(entries));
    await db().tx(() => store.appendMany([...entries, entry(3, { last: true })]));
    await store.appendMany([]);
    const rows = await store.page(orderId, 10, 0);
    expect(rows.map((r) => r.eventId)).toEqual([...entries.map((e) => e.eventId), expect.any(String)]);
    expect(rows.map((r) => r.summary)).toEqual([
      ...entries.map((e) => e.summary),
      'Добавлена услуга «3» "кавычки" \\ косая',
    ]);
    expect(rows.map((r) => r.payload)).toEqual([...entries.map((e) => e.payload), { last: true }]);
    expect(rows[0].actorUserId).toBeNull();
    expect(rows[1].actorUserId).toBe(entries[1].actorUserId);
    expect(new Date(rows[2].ts).toISOString()).toBe('2026-12-01T10:00:02.000Z');
    expect(await store.hasEntries(orderId)).toBe(true);
  });
});
