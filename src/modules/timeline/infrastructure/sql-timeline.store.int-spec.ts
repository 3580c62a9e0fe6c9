import type { PoolClient } from 'pg';
import { useIntDb } from '../../../../test/support/int-db';
import { uuidv7 } from '../../../shared/domain/uuid';
import { rebuildTimeline } from './sql-timeline.store';

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
});
