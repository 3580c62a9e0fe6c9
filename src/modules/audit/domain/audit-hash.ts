import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/domain/canonical-json';

/** The fields an audit entry's hash covers. */
export interface AuditRecord {
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
}

export const GENESIS_HASH = '0'.repeat(64);

export { canonicalJson };

/** hash_n = SHA-256(hash_{n-1} | canonical(entry_n)): altering or removing any entry breaks every later link. */
export function chainHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update('|').update(canonicalJson(record)).digest('hex');
}

/** SHA-256 of a diff's canonical JSON: what scheme 2 hashes in place of the diff itself. */
export function diffDigest(diff: unknown): string {
  return createHash('sha256').update(canonicalJson(diff)).digest('hex');
}

/**
 * Scheme 2 (entries written since the privacy migration): the record is hashed with its diff
 * replaced by {@link diffDigest}. A diff can then be redacted (personal data destroyed under
 * 152-FZ) while its digest stays and the chain still verifies; any other change still breaks it.
 */
export function chainHashV2(prevHash: string, record: AuditRecord, digest = diffDigest(record.diff)): string {
  return chainHash(prevHash, { ...record, diff: { sha256: digest } });
}

/** What a redacted diff is replaced with: when and by which destruction. */
export function redactedDiff(at: string, destructionId: string): Record<string, unknown> {
  return { redacted: true, at, destructionId };
}
