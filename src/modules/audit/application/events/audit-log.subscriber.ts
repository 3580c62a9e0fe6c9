import { Inject, Injectable } from '@nestjs/common';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import { type AuditablePayload, withoutVersion } from '../../../../shared/domain/event-contract';
import { uuidv7 } from '../../../../shared/domain/uuid';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { type AuditRecord, chainHashV2, diffDigest } from '../../domain/audit-hash';
import {
  AUDIT_LOG_STORE,
  type AuditChainHead,
  type AuditLogEntry,
  type AuditLogStore,
} from '../ports/audit-log-store.port';

/**
 * Writes one hash-chained `audit_log` entry per domain event. The chain head row is locked for
 * the append, so entries from concurrent deliveries (and replicas) form one gap-free chain.
 * A batch of events is chained in memory (in outbox order) and appended with one statement.
 * Events put what changed under `payload.diff` (personal data already masked by the producer);
 * events without a diff are recorded with their payload. `payload.subject = { entity, id }`
 * names a part of the aggregate (e.g. a service of an order) as the audited entity.
 */
@Injectable()
@DomainEventHandler({ name: 'audit-log', events: ['*'], contended: true })
export class AuditLogSubscriber implements DomainEventSubscriber {
  constructor(@Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore) {}

  handle(event: DomainEventEnvelope<AuditablePayload>): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: DomainEventEnvelope<AuditablePayload>[]): Promise<void> {
    if (events.length === 0) return;
    let head = await this.store.lockHead();
    const entries: AuditLogEntry[] = [];
    for (const event of events) {
      const entry = auditEntryOf(event, head);
      entries.push(entry);
      head = { seq: entry.record.seq, hash: entry.hash };
    }
    await this.store.append(entries);
  }
}

/** The entry recording `event`, linked to `head`. */
export function auditEntryOf(
  event: DomainEventEnvelope<AuditablePayload>,
  head: AuditChainHead,
): AuditLogEntry {
  const payload = event.payload;
  // an event about a part of an aggregate (a service of an order) may name that part as its subject
  const subject = payload.subject;
  const entity = typeof subject?.entity === 'string' ? subject.entity : event.aggregateType;
  const entityId = typeof subject?.id === 'string' ? subject.id : event.aggregateId;
  const record: AuditRecord = {
    id: uuidv7(),
    seq: head.seq + 1,
    ts: event.occurredAt,
    userId: event.actor.userId,
    role: event.actor.role,
    action: event.name,
    entity,
    entityId,
    // the contract version is not part of what changed: entries read as they did before payloads had `v`
    diff: payload.diff ?? withoutVersion(payload),
    correlationId: event.correlationId,
  };
  const digest = diffDigest(record.diff);
  return {
    record,
    eventId: event.eventId,
    prevHash: head.hash,
    hash: chainHashV2(head.hash, record, digest),
    diffSha256: digest,
  };
}
