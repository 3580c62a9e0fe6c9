import type { ClientBase } from 'pg';
import { type OutboxRow, toEnvelope } from '../../../../shared/outbox/outbox.relay';
import {
  FOREIGN_TIMELINE_EVENTS,
  INSERT_TIMELINE_SQL,
  timelineEntryOf,
  timelineParams,
} from '../../application/events/timeline-entry';

const BATCH = 1000;

/**
 * Rebuilds `order_timeline` from the outbox history in one transaction: the table is locked
 * against the live projection, emptied, and every order event (`orders.*` and the other modules' events about an order) replayed in outbox order
 * through the same mapping the live subscriber uses. Returns the number of rows written.
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
      for (const row of rows) {
        const entry = timelineEntryOf(toEnvelope(row));
        if (entry) {
          await db.query(INSERT_TIMELINE_SQL, timelineParams(entry));
          written += 1;
        }
      }
      after = String(rows[rows.length - 1].seq);
    }
    await db.query('COMMIT');
    return written;
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}
