import type { AuditRecord } from '../../domain/audit-hash';

/** An audit entry as the API shows it: the hashed record plus its hash. */
export interface AuditEntryView extends AuditRecord {
  hash: string;
}

export const AUDIT_COLUMNS = `id, seq::int AS seq,
  to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts,
  user_id AS "userId", role, action, entity, entity_id AS "entityId", diff,
  correlation_id AS "correlationId", hash`;
