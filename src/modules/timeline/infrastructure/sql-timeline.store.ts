import { Injectable } from '@nestjs/common';
import type { ClientBase } from 'pg';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { upcastEnvelope } from '../../../shared/domain/event-contract';
import { type OutboxRow, toEnvelope } from '../../../shared/outbox/outbox.relay';
import type { TimelineRow, TimelineStore } from '../application/ports/timeline-store.port';
import {
  FOREIGN_TIMELINE_EVENTS,
  TIMELINE_PROJECTION_VERSION,
  TIMELINE_UPCASTERS,
  type TimelineEntry,
  timelineEntryOf,
} from '../domain/timeline-entry';
import { storeProjectionVersion } from './projection-versions';

/**
 * Inserts timeline rows with one statement, idempotently (a redelivered or replayed event leaves one
 * row): the live projection's events and batches, and the rebuild's pages. The rows travel as one
 * JSON array (`json_to_recordset`): the payloads are serialised once, where a `jsonb[]` parameter
 * made the driver escape each one again into an array literal (two more copies) and the server
 * parse it twice.
 */
export const INSERT_TIMELINE_SQL = `INSERT INTO order_timeline (event_id, order_id, seq, ts, kind, actor_user_id, actor_role, summary, payload)
  SELECT event_id, order_id, seq, ts, kind, actor_user_id, actor_role, summary, COALESCE(payload, 'null'::jsonb)
    FROM json_to_recordset($1::json) AS t(event_id uuid, order_id uuid, seq bigint, ts timestamptz, kind text,
                                          actor_user_id uuid, actor_role text, summary text, payload jsonb)
  ON CONFLICT (event_id) DO NOTHING`;

export function timelineParams(entries: readonly TimelineEntry[]): unknown[] {
  return [
    JSON.stringify(
      entries.map((t) => ({
        event_id: t.eventId,
        order_id: t.orderId,
        seq: t.seq,
        ts: t.ts,
        kind: t.kind,
        actor_user_id: t.actorUserId,
        actor_role: t.actorRole,
        summary: t.summary,
        // json_to_recordset reads a JSON null as SQL NULL: COALESCE keeps it the JSON value it is
        payload: t.payload ?? null,
      })),
    ),
  ];
}

/** The `order_timeline` read model (owned by the timeline module). */
@Injectable()
export class SqlTimelineStore implements TimelineStore {
  constructor(private readonly uow: UnitOfWork) {}

  async append(entry: TimelineEntry): Promise<void> {
    await this.appendMany([entry]);
  }

  async appendMany(entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // sent with what follows and the COMMIT (the unit of work's `write`)
    await this.uow.write('timeline.insert', INSERT_TIMELINE_SQL, timelineParams(entries));
  }

  page(orderId: string, limit: number, offset: number): Promise<TimelineRow[]> {
    return this.uow.rows<TimelineRow>(
      `SELECT event_id AS "eventId", ts, kind, actor_user_id AS "actorUserId", actor_role AS "actorRole", summary,
              payload, count(*) OVER () AS total
         FROM order_timeline WHERE order_id = $1
        ORDER BY seq LIMIT $2 OFFSET $3`,
      [orderId, limit, offset],
    );
  }

  async hasEntries(orderId: string): Promise<boolean> {
    const rows = await this.uow.rows(`SELECT 1 FROM order_timeline WHERE order_id = $1 LIMIT 1`, [orderId]);
    return rows.length > 0;
  }
}

const BATCH = 1000;

/**
 * Rebuilds `order_timeline` from the outbox history in one transaction: the table is locked
 * against the live projection, emptied, and every order event (`orders.*` and the other modules'
 * events about an order) replayed in outbox order — upcast to the current contract versions —
 * through the same mapping the live subscriber uses, and the version it was built with stored
 * (`projection_versions`). Returns the number of rows written.
 */
export async function rebuildTimeline(db: ClientBase): Promise<number> {
  await db.query('BEGIN');
  try {
    await db.query('LOCK TABLE order_timeline IN EXCLUSIVE MODE');
    await db.query('DELETE FROM order_timeline');
    let after = '0';
    let written = 0;
    for (;;) {
      const { rows } = await db.query<OutboxRow>(
        `SELECT id, seq, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_user_id,
                actor_role, correlation_id, payload, attempts
           FROM outbox WHERE (name LIKE 'orders.%' OR name = ANY($3)) AND seq > $1 ORDER BY seq LIMIT $2`,
        [after, BATCH, FOREIGN_TIMELINE_EVENTS],
      );
      if (rows.length === 0) break;
      const entries: TimelineEntry[] = [];
      for (const row of rows) {
        const entry = timelineEntryOf(upcastEnvelope(toEnvelope(row), TIMELINE_UPCASTERS));
        if (entry) entries.push(entry);
      }
      if (entries.length > 0) await db.query(INSERT_TIMELINE_SQL, timelineParams(entries));
      written += entries.length;
      after = String(rows[rows.length - 1].seq);
    }
    await storeProjectionVersion(db, 'timeline', TIMELINE_PROJECTION_VERSION);
    await db.query('COMMIT');
    return written;
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}
