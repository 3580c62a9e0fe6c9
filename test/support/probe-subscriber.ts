import { Injectable, Module } from '@nestjs/common';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import type { DomainEventEnvelope } from '../../src/shared/domain/domain-event';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../src/shared/outbox/domain-event-handler.decorator';

/** Failure injection for the probe: event ids that should fail N more times. */
export const probeFailures = new Map<string, number>();

/**
 * A durable test subscriber whose effect is a row in `probe_effects` (created by the test),
 * written in the relay's transaction — so duplicates would show as extra rows.
 */
@Injectable()
@DomainEventHandler({ name: 'test-probe', events: ['*'] })
export class ProbeSubscriber implements DomainEventSubscriber {
  constructor(private readonly uow: UnitOfWork) {}

  async handle(event: DomainEventEnvelope): Promise<void> {
    await this.uow.sql(`INSERT INTO probe_effects (event_id, name, pid) VALUES ($1, $2, $3)`, [
      event.eventId,
      event.name,
      process.pid,
    ]);
    const left = probeFailures.get(event.eventId) ?? 0;
    if (left > 0) {
      probeFailures.set(event.eventId, left - 1);
      throw new Error('probe failure injected');
    }
  }
}

@Module({ providers: [ProbeSubscriber] })
export class ProbeModule {}

export const PROBE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS probe_effects (
  event_id uuid NOT NULL, name text NOT NULL, pid int NOT NULL, at timestamptz NOT NULL DEFAULT now())`;
