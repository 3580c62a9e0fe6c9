import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { isoUtc } from '../../../shared/database/sql-fragments';
import type { EventLog, LoggedEvent } from '../application/ports/event-log.port';

/** Reads the kernel's outbox (in the caller's transaction, so its own events are visible). */
@Injectable()
export class OutboxEventLog implements EventLog {
  constructor(private readonly uow: UnitOfWork) {}

  eventsOf(correlationId: string): Promise<LoggedEvent[]> {
    return this.uow.rows<LoggedEvent>(
      `SELECT id, name, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
              ${isoUtc('occurred_at')} AS "occurredAt"
         FROM outbox WHERE correlation_id = $1 ORDER BY seq`,
      [correlationId],
    );
  }
}
