import { Injectable } from '@nestjs/common';
import type { Actor } from '../domain/actor';
import type { DomainEvent } from '../domain/domain-event';
import { UnitOfWork } from '../database/unit-of-work';
import { OutboxRelay } from './outbox.relay';

/**
 * Appends domain events to the `outbox` table in the caller's transaction, so an event exists
 * exactly when the change that caused it was committed. After commit the relay is nudged to
 * deliver at once; the poller picks up anything that nudge misses.
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
    const values: string[] = [];
    const params: unknown[] = [];
    for (const e of events) {
      const base = params.length;
      values.push(`(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`);
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
    const text = `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at,
                           actor_user_id, actor_role, correlation_id, payload)
       VALUES ${values.join(', ')}`;
    // a command appends one to a few events: named per count; a bulk append stays unnamed. Sent
    // and not waited for: it goes out with the COMMIT, which fails with its error if it fails
    await this.uow.writeForRows('outbox.append', events.length, text, params);
    const ids = events.map((e) => e.eventId);
    this.uow.afterCommit(() => this.relay.deliverSoon(ids));
  }
}
