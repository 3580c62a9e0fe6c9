import type { PoolClient } from 'pg';
import { useIntDb } from '../../../../test/support/int-db';
import { uuidv7 } from '../../../shared/domain/uuid';
import { TIMELINE_PROJECTION_VERSION } from '../domain/timeline-entry';
import { storedProjectionVersion, storeProjectionVersion } from './projection-versions';
import { rebuildTimeline } from './sql-timeline.store';

describe('projection_versions on the migrated schema', () => {
  const db = useIntDb();

  async function withClient<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const pool = (db().ds.driver as unknown as { master: import('pg').Pool }).master;
    const c = await pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  }

  it('has no version for a projection never built, then the one stored last', async () => {
    expect(await withClient((c) => storedProjectionVersion(c, 'nothing-yet'))).toBeNull();
    await withClient((c) => storeProjectionVersion(c, 'nothing-yet', 3));
    expect(await withClient((c) => storedProjectionVersion(c, 'nothing-yet'))).toBe(3);
    const first = await db().one<{ built_at: Date }>(
      `SELECT built_at FROM projection_versions WHERE name = 'nothing-yet'`,
    );
    await withClient((c) => storeProjectionVersion(c, 'nothing-yet', 4));
    expect(await withClient((c) => storedProjectionVersion(c, 'nothing-yet'))).toBe(4);
    const second = await db().one<{ built_at: Date; n: number }>(
      `SELECT built_at, (SELECT count(*)::int FROM projection_versions WHERE name = 'nothing-yet') AS n
         FROM projection_versions WHERE name = 'nothing-yet'`,
    );
    expect(second.n).toBe(1);
    expect(second.built_at.getTime()).toBeGreaterThanOrEqual(first.built_at.getTime());
  });

  it('is stored by a timeline rebuild, in its transaction (a failed rebuild leaves the old version)', async () => {
    await db().q(`DELETE FROM projection_versions WHERE name = 'timeline'`);
    expect(await withClient((c) => rebuildTimeline(c))).toBe(0);
    expect(await withClient((c) => storedProjectionVersion(c, 'timeline'))).toBe(TIMELINE_PROJECTION_VERSION);

    await withClient((c) => storeProjectionVersion(c, 'timeline', TIMELINE_PROJECTION_VERSION - 1));
    await db().q(
      `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_role, payload)
       VALUES ($1, 'orders.created', 'order', $2, 1, '2026-11-30T10:00:00Z', 'operator', '{"number":"2026-000009","diff":{}}')`,
      [uuidv7(), uuidv7()],
    );
    const failed = await withClient(async (c) => {
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
    expect(failed).toBe('disk full');
    expect(await withClient((c) => storedProjectionVersion(c, 'timeline'))).toBe(
      TIMELINE_PROJECTION_VERSION - 1,
    );
  });

  it('lets reads see the old rows while a rebuild runs, and the new ones once it commits', async () => {
    await db().q(`DELETE FROM order_timeline`);
    await db().q(
      `INSERT INTO order_timeline (event_id, order_id, seq, ts, kind, actor_role, summary, payload)
       VALUES ($1, $2, 0, now(), 'orders.bogus', 'system', 'old words', '{}')`,
      [uuidv7(), uuidv7()],
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let atCommit!: () => void;
    const reachedCommit = new Promise<void>((resolve) => (atCommit = resolve));
    const rebuilt = withClient(async (c) => {
      const query = c.query.bind(c) as (text: string, params?: unknown[]) => Promise<unknown>;
      (c as unknown as { query: typeof query }).query = async (text: string, params?: unknown[]) => {
        if (text === 'COMMIT') {
          atCommit();
          await gate;
        }
        return query(text, params);
      };
      try {
        return await rebuildTimeline(c);
      } finally {
        (c as unknown as { query: typeof query }).query = query;
      }
    });
    await reachedCommit;
    // the rebuild holds the table and has replaced its rows, uncommitted: a reader is not blocked
    expect(await db().q(`SELECT summary FROM order_timeline`)).toEqual([{ summary: 'old words' }]);
    release();
    expect(await rebuilt).toBe(1);
    expect(await db().q(`SELECT kind, summary FROM order_timeline`)).toEqual([
      { kind: 'orders.created', summary: 'Создан заказ 2026-000009' },
    ]);
  });
});
