import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { chainHash, chainHashV2, diffDigest, GENESIS_HASH } from '../../../domain/audit-hash';
import { AUDIT_COLUMNS, type AuditEntryView } from '../audit-entry.view';
import { type AuditVerification, VerifyAuditQuery } from './verify-audit.query';

const BATCH = 2000;

/**
 * Walks the chain in order: each entry's sequence follows the previous one, its prev_hash is the
 * previous hash, and its hash recomputes from its contents; the last hash equals the chain head.
 * The first entry that fails is reported — an edit, an insertion or a removal all show.
 */
@QueryHandler(VerifyAuditQuery)
export class VerifyAuditHandler implements IQueryHandler<VerifyAuditQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(): Promise<AuditVerification> {
    // entries appended while we walk are beyond the head we read first, and left for the next check
    const [head] = await this.uow.rows<{ seq: string; hash: string }>(
      `SELECT seq, hash FROM audit_chain_head WHERE id = 1`,
    );
    let prevHash = GENESIS_HASH;
    let prevSeq = 0;
    let checked = 0;
    for (;;) {
      const rows = await this.uow.rows<
        AuditEntryView & {
          prevHash: string;
          hashVersion: number;
          diffSha256: string | null;
          redacted: boolean;
        }
      >(
        `SELECT ${AUDIT_COLUMNS}, prev_hash AS "prevHash", hash_version AS "hashVersion",
                diff_sha256 AS "diffSha256", redacted_at IS NOT NULL AS redacted FROM audit_log WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2`,
        [prevSeq, BATCH, head.seq],
      );
      for (const r of rows) {
        const { hash, prevHash: storedPrev, hashVersion, diffSha256, redacted, ...rest } = r;
        if (r.seq !== prevSeq + 1)
          return { ok: false, checked, brokenAt: r.id, reason: 'an entry before it is missing' };
        if (storedPrev !== prevHash)
          return { ok: false, checked, brokenAt: r.id, reason: 'prev_hash does not link' };
        const record = {
          id: rest.id,
          seq: rest.seq,
          ts: rest.ts,
          userId: rest.userId,
          role: rest.role,
          action: rest.action,
          entity: rest.entity,
          entityId: rest.entityId,
          diff: rest.diff,
          correlationId: rest.correlationId,
        };
        // scheme 2: a redacted diff (personal data destroyed) is checked through its stored digest
        const expected =
          hashVersion === 1
            ? chainHash(prevHash, record)
            : chainHashV2(prevHash, record, redacted && diffSha256 ? diffSha256 : diffDigest(record.diff));
        if (expected !== hash) return { ok: false, checked, brokenAt: r.id, reason: 'contents were altered' };
        prevHash = hash;
        prevSeq = r.seq;
        checked += 1;
      }
      if (rows.length < BATCH) break;
    }
    if (Number(head.seq) !== prevSeq || head.hash !== prevHash) {
      return { ok: false, checked, reason: 'entries at the end of the chain are missing' };
    }
    return { ok: true, checked };
  }
}
