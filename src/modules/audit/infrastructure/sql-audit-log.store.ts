import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import type { AuditChainHead, AuditLogEntry, AuditLogStore } from '../application/ports/audit-log-store.port';

/**
 * `audit_log` appends, set-based: N entries are one INSERT over arrays (`unnest`) and one UPDATE
 * of the head, whatever N is. Must run inside a unit of work that has locked the head.
 */
@Injectable()
export class SqlAuditLogStore implements AuditLogStore {
  constructor(private readonly uow: UnitOfWork) {}

  async lockHead(): Promise<AuditChainHead> {
    const [head] = await this.uow.preparedRows<{ seq: string; hash: string }>(
      'audit.lock-head',
      `SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
      [],
    );
    return { seq: Number(head.seq), hash: head.hash };
  }

  async append(entries: readonly AuditLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (!this.uow.inTransaction) throw new Error('audit entries are appended inside a unit of work');
    const col = <T>(f: (e: AuditLogEntry) => T): T[] => entries.map(f);
    await this.uow.prepared(
      'audit.append',
      `INSERT INTO audit_log (id, seq, ts, user_id, role, action, entity, entity_id, diff, correlation_id,
                              event_id, prev_hash, hash, hash_version, diff_sha256)
       SELECT id, seq, ts, user_id, role, action, entity, entity_id, diff, correlation_id,
              event_id, prev_hash, hash, 2, diff_sha256
         FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                     $8::uuid[], $9::jsonb[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[])
              AS e(id, seq, ts, user_id, role, action, entity, entity_id, diff, correlation_id,
                   event_id, prev_hash, hash, diff_sha256)`,
      [
        col((e) => e.record.id),
        col((e) => e.record.seq),
        col((e) => e.record.ts),
        col((e) => e.record.userId),
        col((e) => e.record.role),
        col((e) => e.record.action),
        col((e) => e.record.entity),
        col((e) => e.record.entityId),
        col((e) => JSON.stringify(e.record.diff ?? null)),
        col((e) => e.record.correlationId),
        col((e) => e.eventId),
        col((e) => e.prevHash),
        col((e) => e.hash),
        col((e) => e.diffSha256),
      ],
    );
    const last = entries[entries.length - 1];
    await this.uow.prepared(
      'audit.head-update',
      `UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1`,
      [last.record.seq, last.hash],
    );
  }
}
