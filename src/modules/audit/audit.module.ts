import { Module } from '@nestjs/common';
import { AuditController } from './api/audit.controller';
import { AuditLogSubscriber } from './application/events/audit-log.subscriber';
import { ListAuditHandler } from './application/queries/list-audit/list-audit.handler';
import { AuditPersonalDataEraser } from './infrastructure/audit-personal-data.eraser';
import { VerifyAuditHandler } from './application/queries/verify-audit/verify-audit.handler';
import { AUDIT_LOG_STORE } from './application/ports/audit-log-store.port';
import { SqlAuditLogStore } from './infrastructure/sql-audit-log.store';

@Module({
  controllers: [AuditController],
  providers: [
    AuditPersonalDataEraser,
    AuditLogSubscriber,
    ListAuditHandler,
    VerifyAuditHandler,
    { provide: AUDIT_LOG_STORE, useClass: SqlAuditLogStore },
  ],
})
export class AuditModule {}
