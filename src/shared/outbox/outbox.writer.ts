import { Injectable } from '@nestjs/common';
import type { Actor } from '../domain/actor';
import type { DomainEvent } from '../domain/domain-event';
import { UnitOfWork } from '../database/unit-of-work';
import { AFTER_COMMIT_HEAD_START_MS, OutboxRelay } from './outbox.relay';

/** The insert of `rows` events (10 parameters each), due at `due` (an SQL expression). */
function appendSql(rows: number, due: string): string {
  const values = Array.from({ length: rows }, (_, r) => {
    const p = Array.from({ length: 10 }, (_, i) => `$${r * 10 + i + 1}`);
    return `(${p.join(', ')}, ${due})`;
  }).join(', ');
  return `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at,
                           actor_user_id, actor_role, correlation_id, payload, next_attempt_at)
       VALUES ${values}`;
}
const appendAfterHeadStartSql = (rows: number) =>
  appendSql(rows, `now() + interval '${AFTER_COMMIT_HEAD_START_MS} milliseconds'`);
const appendDueSql = (rows: number) => appendSql(rows, 'now()');

/**
 * Appends domain events to the `outbox` table in the caller's transaction, so an event exists
 * exactly when the change that caused it was committed. After commit the relay is nudged to
 * deliver at once; the poller picks up anything that nudge misses, after a head start.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly relay: OutboxRelay,
  ) {}

  async append(events: readonly DomainEvent<object>[], actor: Actor): Promise<void> {
    if (events.length === 0) return;
    if (!this.uow.inTransaction) {
      throw new Error('OutboxWriter.append must run inside a unit of work');
    }
    // with the relay running here, the after-commit path (one transaction, no lease, no inbox rows)
    // has the events to itself for a moment: the poller, here or on a replica, leaves them alone
    // until then, and takes over the ones it did not get to (a crash, a backlog beyond MAX_KICKED)
    const headStart = this.relay.isRunning;
    const params: unknown[] = [];
    for (const e of events) {
      params.push(
        e.eventId,
        e.name,
        e.aggregateType,
        e.aggregateId,
        e.aggregateVersion,
        e.occurredAt.toISOString(),
        actor.userId,
        actor.role,
        actor.correlationId,
        JSON.stringify({ v: e.payloadVersion, ...e.payload }),
      );
    }
    // a command appends one to a few events: named per count, the text built once; a bulk append
    // stays unnamed. Sent and not waited for: it goes out with the COMMIT, which fails with its
    // error if it fails
    await this.uow.writeForRows(
      headStart ? 'outbox.append' : 'outbox.append-due',
      events.length,
      headStart ? appendAfterHeadStartSql : appendDueSql,
      params,
    );
    const ids = events.map((e) => e.eventId);
    this.uow.afterCommit(() => this.relay.deliverSoon(ids));
  }
}
