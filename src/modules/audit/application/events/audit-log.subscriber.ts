import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import { type AuditablePayload, withoutVersion } from '../../../../shared/domain/event-contract';
import { uuidv7 } from '../../../../shared/domain/uuid';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { type AuditRecord, chainHashV2, diffDigest } from '../../domain/audit-hash';

/**
 * Writes one hash-chained `audit_log` entry per domain event. The chain head row is locked for
 * the append, so entries from concurrent deliveries (and replicas) form one gap-free chain.
 * Events put what changed under `payload.diff` (personal data already masked by the producer);
 * events without a diff are recorded with their payload. `payload.subject = { entity, id }`
 * names a part of the aggregate (e.g. a service of an order) as the audited entity.
 */
@Injectable()
@DomainEventHandler({ name: 'audit-log', events: ['*'] })
export class AuditLogSubscriber implements DomainEventSubscriber {
  constructor(private readonly uow: UnitOfWork) {}

  async handle(event: DomainEventEnvelope<AuditablePayload>): Promise<void> {
    const [head] = await this.uow.rows<{ seq: string; hash: string }>(
      `SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
    );
    const payload = event.payload;
    // an event about a part of an aggregate (a service of an order) may name that part as its subject
    const subject = payload.subject;
    const entity = typeof subject?.entity === 'string' ? subject.entity : event.aggregateType;
    const entityId = typeof subject?.id === 'string' ? subject.id : event.aggregateId;
    const record: AuditRecord = {
      id: uuidv7(),
      seq: Number(head.seq) + 1,
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
    const hash = chainHashV2(head.hash, record, digest);
    await this.uow.sql(
      `INSERT INTO audit_log (id, seq, ts, user_id, role, action, entity, entity_id, diff, correlation_id,
                              event_id, prev_hash, hash, hash_version, diff_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, 2, $14)`,
      [
        record.id,
        record.seq,
        record.ts,
        record.userId,
        record.role,
        record.action,
        record.entity,
        record.entityId,
        JSON.stringify(record.diff ?? null),
        record.correlationId,
        event.eventId,
        head.hash,
        hash,
        digest,
      ],
    );
    await this.uow.sql(`UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1`, [record.seq, hash]);
  }
}
