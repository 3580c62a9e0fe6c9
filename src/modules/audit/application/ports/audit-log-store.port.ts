import type { AuditRecord } from '../../domain/audit-hash';

/** The chain's last link: the seq and hash the next entry builds on. */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

/** One entry ready to append: the hashed record, the event it records and its links. */
export interface AuditLogEntry {
  record: AuditRecord;
  eventId: string | null;
  prevHash: string;
  hash: string;
  /** SHA-256 of the diff's canonical JSON (hash scheme 2). */
  diffSha256: string;
}

/** The hash-chained `audit_log` and its head. */
export interface AuditLogStore {
  /** Locks the chain head for the current transaction (appends from every replica queue on it). */
  lockHead(): Promise<AuditChainHead>;
  /** Appends entries in chain order (one statement) and moves the head to the last of them. */
  append(entries: readonly AuditLogEntry[]): Promise<void>;
}

export const AUDIT_LOG_STORE = Symbol('AUDIT_LOG_STORE');
