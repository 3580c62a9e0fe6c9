import { Logger } from '@nestjs/common';
import { useIntDb } from '../../../../test/support/int-db';
import { uuidv7 } from '../../../shared/domain/uuid';
import { TIMELINE_PROJECTION_VERSION } from '../domain/timeline-entry';
import { TIMELINE_REBUILD_LOCK_KEY, TimelineRebuildOnStart } from './timeline-rebuild-on-start';

describe('TimelineRebuildOnStart on the migrated schema', () => {
  const db = useIntDb();
  const version = async () =>
    (await db().q<{ version: number }>(`SELECT version FROM projection_versions WHERE name = 'timeline'`))[0]
      ?.version ?? null;
  const summaries = async () =>
    (await db().q<{ summary: string }>(`SELECT summary FROM order_timeline ORDER BY seq`)).map(
      (r) => r.summary,
    );

  beforeAll(async () => {
    await db().q(
      `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_role, payload)
       VALUES ($1, 'orders.created', 'order', $2, 1, '2026-11-30T10:00:00Z', 'operator', '{"number":"2026-000007","diff":{}}')`,
      [uuidv7(), uuidv7()],
    );
  });

  /** An old row in the old words (what an upgraded database holds). */
  async function oldWording(): Promise<void> {
    await db().q(`UPDATE order_timeline SET summary = 'старые слова'`);
    if ((await summaries()).length === 0) {
      await db().q(
        `INSERT INTO order_timeline (event_id, order_id, seq, ts, kind, actor_role, summary, payload)
         VALUES ($1, $2, 0, now(), 'orders.bogus', 'system', 'старые слова', '{}')`,
        [uuidv7(), uuidv7()],
      );
    }
  }

  it('rebuilds a timeline never versioned, logs the row count once, and stores the version', async () => {
    await oldWording();
    expect(await version()).toBeNull();
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      expect(await new TimelineRebuildOnStart(db().ds).runOnce()).toBe(1);
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
        `timeline rebuilt from the outbox (projection version none → ${TIMELINE_PROJECTION_VERSION}): 1 rows`,
      ]);
    } finally {
      log.mockRestore();
    }
    expect(await summaries()).toEqual(['Создан заказ 2026-000007']);
    expect(await version()).toBe(TIMELINE_PROJECTION_VERSION);
  });

  it('leaves a timeline of the current version alone', async () => {
    await oldWording();
    expect(await new TimelineRebuildOnStart(db().ds).runOnce()).toBeNull();
    expect(await summaries()).toEqual(['старые слова']);
  });

  it('rebuilds a timeline of an older version', async () => {
    await db().q(`UPDATE projection_versions SET version = $1 WHERE name = 'timeline'`, [
      TIMELINE_PROJECTION_VERSION - 1,
    ]);
    expect(await new TimelineRebuildOnStart(db().ds).runOnce()).toBe(1);
    expect(await summaries()).toEqual(['Создан заказ 2026-000007']);
    expect(await version()).toBe(TIMELINE_PROJECTION_VERSION);
  });

  it('skips while another replica holds the lock, and releases its own', async () => {
    await db().q(`UPDATE projection_versions SET version = $1 WHERE name = 'timeline'`, [
      TIMELINE_PROJECTION_VERSION - 1,
    ]);
    await oldWording();
    const pool = (db().ds.driver as unknown as { master: import('pg').Pool }).master;
    const other = await pool.connect();
    try {
      await other.query(`SELECT pg_advisory_lock($1)`, [TIMELINE_REBUILD_LOCK_KEY]);
      expect(await new TimelineRebuildOnStart(db().ds).runOnce()).toBeNull();
      expect(await summaries()).toEqual(['старые слова']);
      await other.query(`SELECT pg_advisory_unlock($1)`, [TIMELINE_REBUILD_LOCK_KEY]);
    } finally {
      other.release();
    }
    expect(await new TimelineRebuildOnStart(db().ds).runOnce()).toBe(1);
    const [{ held }] = await db().q<{ held: number }>(
      `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = $1`,
      [TIMELINE_REBUILD_LOCK_KEY],
    );
    expect(held).toBe(0);
  });

  it('runs in the background on application start and waits for it on shutdown', async () => {
    await db().q(`DELETE FROM projection_versions`);
    await oldWording();
    const job = new TimelineRebuildOnStart(db().ds);
    job.onApplicationBootstrap();
    await job.onApplicationShutdown();
    expect(await summaries()).toEqual(['Создан заказ 2026-000007']);
    expect(await version()).toBe(TIMELINE_PROJECTION_VERSION);
  });
});
