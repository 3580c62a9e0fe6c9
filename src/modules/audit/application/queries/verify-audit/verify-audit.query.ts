import { Query } from '@nestjs/cqrs';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAt?: string;
  reason?: string;
}

export class VerifyAuditQuery extends Query<AuditVerification> {}
