import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { TIMELINE_PROJECTION_VERSION } from '../domain/timeline-entry';
import { storedProjectionVersion } from './projection-versions';
import { rebuildTimeline } from './sql-timeline.store';

/** pg_try_advisory_lock key of the start-up rebuild ('crmt' as an int). */
export const TIMELINE_REBUILD_LOCK_KEY = 0x63726d74;

/**
 * After the application starts (in the background: readiness does not wait), the replica that
 * takes a PostgreSQL advisory lock compares the timeline's stored `projection_versions` row with
 * {@link TIMELINE_PROJECTION_VERSION} and, if it is missing or older, rebuilds `order_timeline`
 * from the outbox history. The rebuild swaps the rows and stores the version in one transaction,
 * so reads meanwhile see the old rows; the other replicas skip (the version is current by then).
 */
@Injectable()
export class TimelineRebuildOnStart implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Timeline');
  private running: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.running = this.runOnce().then(
      () => undefined,
      (err: unknown) =>
        this.logger.error(
          `timeline rebuild on start failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }

  /** Rebuilds if this replica holds the lock and the stored version is behind; returns the rows written or null. */
  async runOnce(): Promise<number | null> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const db = await pool.connect();
    try {
      const {
        rows: [{ locked }],
      } = await db.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [
        TIMELINE_REBUILD_LOCK_KEY,
      ]);
      if (!locked) return null;
      try {
        const stored = await storedProjectionVersion(db, 'timeline');
        if (stored !== null && stored >= TIMELINE_PROJECTION_VERSION) return null;
        const rows = await rebuildTimeline(db);
        this.logger.log(
          `timeline rebuilt from the outbox (projection version ${stored ?? 'none'} → ${TIMELINE_PROJECTION_VERSION}): ${rows} rows`,
        );
        return rows;
      } finally {
        await db.query(`SELECT pg_advisory_unlock($1)`, [TIMELINE_REBUILD_LOCK_KEY]);
      }
    } finally {
      db.release();
    }
  }
}
