import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type StoredAuditEntry, verifyAuditChain } from '../../../domain/audit-chain';
import { AUDIT_CHAIN_SQL, AUDIT_HEAD_SQL } from '../audit-entry.view';
import { type AuditVerification, VerifyAuditQuery } from './verify-audit.query';

/** Verifies the hash chain up to the head read first (see {@link verifyAuditChain}). */
@QueryHandler(VerifyAuditQuery)
export class VerifyAuditHandler implements IQueryHandler<VerifyAuditQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(): Promise<AuditVerification> {
    // entries appended while we walk are beyond the head we read first, and left for the next check
    const [head] = await this.uow.rows<{ seq: string; hash: string }>(AUDIT_HEAD_SQL);
    return verifyAuditChain({ seq: Number(head.seq), hash: head.hash }, (afterSeq, limit) =>
      this.uow.rows<StoredAuditEntry>(AUDIT_CHAIN_SQL, [afterSeq, limit, head.seq]),
    );
  }
}
