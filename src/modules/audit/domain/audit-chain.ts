import { chainHash, GENESIS_HASH, type AuditRecord } from './audit-hash';

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
      const expected = chainHash(prevHash, {
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
      });
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
