import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import type { AuditChainHead, AuditLogEntry, AuditLogStore } from '../application/ports/audit-log-store.port';

/**
 * `audit_log` appends, set-based: N entries are one INSERT and one UPDATE of the head, whatever N
 * is. The entries travel as one JSON array (`json_to_recordset`), so each diff is serialised once: a
 * `jsonb[]` parameter made the driver escape every diff again into an array literal. Must run
 * inside a unit of work that has locked the head.
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
    const rows = entries.map((e) => ({
      id: e.record.id,
      seq: e.record.seq,
      ts: e.record.ts,
      user_id: e.record.userId,
      role: e.record.role,
      action: e.record.action,
      entity: e.record.entity,
      entity_id: e.record.entityId,
      diff: e.record.diff ?? null,
      correlation_id: e.record.correlationId,
      event_id: e.eventId,
      prev_hash: e.prevHash,
      hash: e.hash,
      diff_sha256: e.diffSha256,
    }));
    // both writes go out with the COMMIT (the unit of work's `write`): the chain's head is locked
    await this.uow.write(
      'audit.append',
      // a diff without content is stored as JSON null, never SQL NULL (json_to_recordset reads a JSON null as NULL)
      `INSERT INTO audit_log (id, seq, ts, user_id, role, action, entity, entity_id, diff, correlation_id,
                              event_id, prev_hash, hash, hash_version, diff_sha256)
       SELECT id, seq, ts, user_id, role, action, entity, entity_id, COALESCE(diff, 'null'::jsonb), correlation_id,
              event_id, prev_hash, hash, 2, diff_sha256
         FROM json_to_recordset($1::json)
              AS e(id uuid, seq bigint, ts timestamptz, user_id uuid, role text, action text, entity text,
                   entity_id uuid, diff jsonb, correlation_id text, event_id uuid, prev_hash text, hash text,
                   diff_sha256 text)`,
      [JSON.stringify(rows)],
    );
    const last = entries[entries.length - 1];
    await this.uow.write(
      'audit.head-update',
      `UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1`,
      [last.record.seq, last.hash],
    );
  }
}
