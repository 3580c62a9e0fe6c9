import { isoUtc } from '../../../../shared/database/sql-fragments';
import type { AuditRecord } from '../../domain/audit-hash';

/** An audit entry as the API shows it: the hashed record plus its hash. */
export interface AuditEntryView extends AuditRecord {
  hash: string;
}

export const AUDIT_COLUMNS = `id, seq::int AS seq,
  ${isoUtc('ts')} AS ts,
  user_id AS "userId", role, action, entity, entity_id AS "entityId", diff,
  correlation_id AS "correlationId", hash`;

/** The chain head (`seq`, `hash`). */
export const AUDIT_HEAD_SQL = `SELECT seq, hash FROM audit_chain_head WHERE id = 1`;

/** Entries after `$1` up to the head `$3`, at most `$2`, in chain order, with the hash each links to. */
export const AUDIT_CHAIN_SQL = `SELECT ${AUDIT_COLUMNS}, prev_hash AS "prevHash", hash_version AS "hashVersion",
  diff_sha256 AS "diffSha256", redacted_at IS NOT NULL AS redacted FROM audit_log
  WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2`;
