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
