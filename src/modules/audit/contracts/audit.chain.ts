/**
 * The audit chain as other modules may check it (backup verifies a restored copy's chain): the
 * verifier and the SQL that reads the chain and its head. Read-only; only the audit module writes.
 */
export { type AuditVerification, type StoredAuditEntry, verifyAuditChain } from '../domain/audit-chain';
export { AUDIT_CHAIN_SQL, AUDIT_HEAD_SQL } from '../application/queries/audit-entry.view';
