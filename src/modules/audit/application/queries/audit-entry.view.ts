export interface AuditEntryView {
  id: string;
  seq: number;
  ts: string;
  userId: string | null;
  role: string;
  action: string;
  entity: string;
  entityId: string | null;
  diff: unknown;
  correlationId: string | null;
  hash: string;
}

export const AUDIT_COLUMNS = `id, seq::int AS seq,
  to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts,
  user_id AS "userId", role, action, entity, entity_id AS "entityId", diff,
  correlation_id AS "correlationId", hash`;
