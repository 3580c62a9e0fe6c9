import { chainHash, chainHashV2, diffDigest, GENESIS_HASH, type AuditRecord } from './audit-hash';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAt?: string;
  reason?: string;
}

/** A stored entry: the hashed record, its hash and the previous entry's hash it links to. */
export interface StoredAuditEntry extends AuditRecord {
  hash: string;
  prevHash: string;
  /** 1: the hash covers the diff itself; 2: it covers the diff's digest (a redacted diff still verifies). */
  hashVersion: number;
  /** Scheme 2: the digest of the diff as written, kept when personal data in it is destroyed. */
  diffSha256: string | null;
  redacted: boolean;
}

/**
 * Walks the chain in order: each entry's sequence follows the previous one, its prev_hash is the
 * previous hash, and its hash recomputes from its contents; the last hash equals the chain head.
 * The first entry that fails is reported — an edit, an insertion or a removal all show. Pure:
 * `load(afterSeq, limit)` returns the next entries up to the head (the audit query reads them in
 * the app, backup verification from a restored copy).
 */
export async function verifyAuditChain(
  head: { seq: number; hash: string },
  load: (afterSeq: number, limit: number) => Promise<StoredAuditEntry[]>,
  batch = 2000,
): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await load(prevSeq, batch);
    for (const r of rows) {
      if (r.seq !== prevSeq + 1)
        return { ok: false, checked, brokenAt: r.id, reason: 'an entry before it is missing' };
      if (r.prevHash !== prevHash)
        return { ok: false, checked, brokenAt: r.id, reason: 'prev_hash does not link' };
      const record: AuditRecord = {
        id: r.id,
        seq: r.seq,
        ts: r.ts,
        userId: r.userId,
        role: r.role,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        diff: r.diff,
        correlationId: r.correlationId,
      };
      // scheme 2: a redacted diff (personal data destroyed) is checked through its stored digest
      const expected =
        r.hashVersion === 1
          ? chainHash(prevHash, record)
          : chainHashV2(
              prevHash,
              record,
              r.redacted && r.diffSha256 ? r.diffSha256 : diffDigest(record.diff),
            );
      if (expected !== r.hash) return { ok: false, checked, brokenAt: r.id, reason: 'contents were altered' };
      prevHash = r.hash;
      prevSeq = r.seq;
      checked += 1;
    }
    if (rows.length < batch) break;
  }
  if (head.seq !== prevSeq || head.hash !== prevHash) {
    return { ok: false, checked, reason: 'entries at the end of the chain are missing' };
  }
  return { ok: true, checked };
}
