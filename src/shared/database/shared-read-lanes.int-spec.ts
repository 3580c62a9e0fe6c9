import type { Socket } from 'node:net';
import { type Pool, type PoolClient, Query, type QueryResult } from 'pg';
import { useIntDb } from '../../../test/support/int-db';
import { type QueryFor, SharedReadLanes } from './shared-read-lanes';

/** A read of `text` with `values`, as the unit of work builds it (named: prepared once per connection). */
function read(name: string, text: string, values: unknown[]): QueryFor {
  return (callback) => {
    const q = new Query(text, values, callback as never);
    (q as Query & { name: string }).name = name;
    return q;
  };
}

const ECHO = `SELECT $1::int AS n, pg_backend_pid() AS pid`;

describe('SharedReadLanes on PostgreSQL', () => {
  // a pool of 6 (and the unit of work's own lane on top): room for these lanes and the test's statements
  const db = useIntDb(6);
  let pool: Pool;
  let writes: number;

  beforeAll(() => {
    pool = (db().ds.driver as unknown as { master: Pool }).master;
    // every socket write of every connection the pool hands out (a corked batch is one write)
    const counted = new WeakSet<object>();
    pool.on('acquire', (client: PoolClient) => {
      const stream = (client as unknown as { connection: { stream: Socket } }).connection.stream;
      if (counted.has(stream)) return;
      counted.add(stream);
      const s = stream as unknown as Record<'_write' | '_writev', (...a: unknown[]) => unknown>;
      for (const m of ['_write', '_writev'] as const) {
        const original = s[m];
        s[m] = function (this: unknown, ...a: unknown[]) {
          writes++;
          return original.apply(this, a);
        };
      }
    });
  });

  it('sends the reads that arrive in one turn in one write per lane, each answered with its own rows', async () => {
    const lanes = new SharedReadLanes(pool, 2);
    try {
      // both lanes connected and the statement prepared on both
      await Promise.all([0, 1].map((n) => lanes.run(read('lanes.echo', ECHO, [n]))));
      expect(lanes.connected).toBe(2);
      writes = 0;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) => lanes.run(read('lanes.echo', ECHO, [n]))),
      );
      expect(results.map((r) => r.rows[0].n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
      // spread over the two lanes' connections
      expect(new Set(results.map((r) => r.rows[0].pid)).size).toBe(2);
      expect(writes).toBe(2);

      // the same reads through the pool: a write each
      writes = 0;
      await Promise.all(
        Array.from({ length: 4 }, (_, n) => pool.query({ name: 'lanes.echo', text: ECHO, values: [n] })),
      );
      expect(writes).toBeGreaterThanOrEqual(4);
    } finally {
      await lanes.close();
    }
  });

  it('fails only the read whose statement fails; the ones sent with it are answered', async () => {
    const lanes = new SharedReadLanes(pool, 1);
    try {
      const div = `SELECT 10 / $1::int AS q`;
      const outcomes = await Promise.allSettled([2, 0, 5].map((d) => lanes.run(read('lanes.div', div, [d]))));
      expect(
        outcomes.map((o) =>
          o.status === 'fulfilled' ? o.value.rows[0].q : (o.reason as { code: string }).code,
        ),
      ).toEqual([
        5,
        '22012', // division_by_zero
        2,
      ]);
      expect((await lanes.run(read('lanes.div', div, [10]))).rows).toEqual([{ q: 1 }]);
    } finally {
      await lanes.close();
    }
  });

  it('fails the reads owed on a connection that dies, and connects again for the next one', async () => {
    const lanes = new SharedReadLanes(pool, 1);
    try {
      const first = (await lanes.run(read('lanes.echo', ECHO, [1]))).rows[0].pid as number;
      const owed = lanes.run(read('lanes.sleep', `SELECT pg_sleep(5), $1::int`, [1]));
      await new Promise((r) => setTimeout(r, 100));
      await db().q(`SELECT pg_terminate_backend($1)`, [first]);
      await expect(owed).rejects.toThrow();
      const next: QueryResult = await lanes.run(read('lanes.echo', ECHO, [2]));
      expect(next.rows[0]).toEqual({ n: 2, pid: expect.any(Number) });
      expect(next.rows[0].pid).not.toBe(first);
      // one connection held again, nobody waiting for one
      expect(lanes.connected).toBe(1);
      expect(pool.waitingCount).toBe(0);
    } finally {
      await lanes.close();
    }
  });

  it('gives its connections back on close, and refuses reads after it', async () => {
    const lanes = new SharedReadLanes(pool, 2);
    await Promise.all([0, 1].map((n) => lanes.run(read('lanes.echo', ECHO, [n]))));
    const idleBefore = pool.idleCount;
    await lanes.close();
    expect(lanes.connected).toBe(0);
    expect(pool.idleCount).toBe(idleBefore + 2);
    await expect(lanes.run(read('lanes.echo', ECHO, [1]))).rejects.toThrow('closed');
  });
});
