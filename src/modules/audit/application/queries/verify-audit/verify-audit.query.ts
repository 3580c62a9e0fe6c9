import { Query } from '@nestjs/cqrs';
import type { AuditVerification } from '../../../domain/audit-chain';

export type { AuditVerification };

export class VerifyAuditQuery extends Query<AuditVerification> {}
