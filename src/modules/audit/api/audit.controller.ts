import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../shared/auth/decorators';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import type { AuditEntryView } from '../application/queries/audit-entry.view';
import { ListAuditQuery } from '../application/queries/list-audit/list-audit.query';
import type { AuditVerification } from '../application/queries/verify-audit/verify-audit.query';
import { VerifyAuditQuery } from '../application/queries/verify-audit/verify-audit.query';
import { AuditEntryDto, AuditVerificationDto, ListAuditQueryDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOperation({ operationId: 'listAudit', summary: 'Audit trail: who changed what, when, with the diff' })
  @ApiOkResponse({ type: PageDtoOf(AuditEntryDto) })
  list(@Query() q: ListAuditQueryDto): Promise<Page<AuditEntryView>> {
    return this.queries.execute(
      new ListAuditQuery(
        {
          userId: q.user,
          entity: q.entity,
          entityId: q.entityId,
          action: q.action,
          from: q.from,
          to: q.to,
          sort: q.sort,
        },
        pageWindow(q),
      ),
    );
  }

  @Get('verify')
  @RequirePermission('audit.read')
  @ApiOperation({
    operationId: 'verifyAudit',
    summary: 'Walk the hash chain and report the first broken link',
  })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerification> {
    return this.queries.execute(new VerifyAuditQuery());
  }
}
