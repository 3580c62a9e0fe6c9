import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply as Response } from '../../../shared/http/http-types';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { IdParam } from '../../../shared/http/id-param';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { contentDisposition } from '../../../shared/storage/content-disposition';
import { RenderPersonalDataReportQuery } from '../../documents/application/queries/render-personal-data-report/render-personal-data-report.query';
import {
  DestroyClientDataCommand,
  type DestructionResult,
} from '../application/commands/destroy-client-data/destroy-client-data.command';
import { ExportPersonalDataQuery } from '../application/queries/export-personal-data/export-personal-data.query';
import { exportSections } from '../domain/export-report';
import { DestroyClientDto, DestructionDto, PersonalDataExportDto, PersonalDataQueryDto } from './privacy.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('clients')
export class PersonalDataController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id/personal-data')
  @RequirePermission('privacy.export')
  @ApiProduces('application/json', 'application/pdf')
  @ApiProblems('CLIENTS.MERGED', 'DOCUMENTS.AGENCY_SETTINGS_MISSING')
  @ApiOperation({
    operationId: 'exportClientPersonalData',
    summary:
      'Subject access export (152-FZ art. 14): profile, passports, contacts, consents, applications, orders with ' +
      'services, payments, documents, files and who read the full data when; ?format=pdf gives a Russian PDF; audited',
  })
  @ApiOkResponse({ type: PersonalDataExportDto })
  async export(
    @IdParam() id: string,
    @Query() q: PersonalDataQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = q.format ?? 'json';
    const data = await this.queries.execute(new ExportPersonalDataQuery(id, format, actor));
    if (format === 'json') return data;
    const { pdf } = await this.queries.execute(
      new RenderPersonalDataReportQuery({
        subject: String(data.profile.fullName ?? ''),
        sections: exportSections({ ...data, reads: data.reads.map((r) => ({ ...r })) }),
        generatedAt: data.generatedAt,
        reference: `ПД-${id.slice(0, 8)}`,
      }),
    );
    res.header('content-type', 'application/pdf');
    res.header('content-disposition', contentDisposition(`personal-data-${id}.pdf`));
    return new StreamableFile(pdf);
  }

  @Post(':id/destroy')
  @HttpCode(200)
  @RequirePermission('privacy.destroy')
  @Idempotent()
  @ApiProblems('PRIVACY.ALREADY_DESTROYED', 'DOCUMENTS.AGENCY_SETTINGS_MISSING')
  @ApiOperation({
    operationId: 'destroyClientPersonalData',
    summary:
      'Destroy the client’s personal data irreversibly: sealed fields overwritten, search indexes, files, application ' +
      'attachments and chats erased; orders, payments and final documents stay under a pseudonym; an act of ' +
      'destruction with an event-log extract is issued (actDocumentId); 409 when already destroyed',
  })
  @ApiOkResponse({ type: DestructionDto })
  destroy(
    @IdParam() id: string,
    @Body() dto: DestroyClientDto,
    @CurrentActor() actor: Actor,
  ): Promise<DestructionResult> {
    return this.commands.execute(
      new DestroyClientDataCommand(id, dto.reason.trim(), dto.basis.trim(), actor),
    );
  }
}
