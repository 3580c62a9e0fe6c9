import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { IdParam } from '../../../shared/http/id-param';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { RecordIncidentNoticeCommand } from '../application/commands/record-incident-notice/record-incident-notice.command';
import {
  type IncidentWithNotice,
  RegisterIncidentCommand,
} from '../application/commands/register-incident/register-incident.command';
import type { IncidentView } from '../application/ports/privacy-store.port';
import { ListIncidentsQuery } from '../application/queries/list-incidents/list-incidents.query';
import { IncidentDto, IncidentNoticeDto, RegisterIncidentDto } from './privacy.dto';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/incidents')
export class IncidentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('privacy.read')
  @ApiOperation({
    operationId: 'listIncidents',
    summary: 'Personal-data incidents with their 24 h / 72 h deadlines and the prefilled notice',
  })
  @ApiOkResponse({ type: [IncidentDto] })
  list(): Promise<IncidentWithNotice[]> {
    return this.queries.execute(new ListIncidentsQuery());
  }

  @Post()
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'registerIncident',
    summary:
      'Register an incident: deadlines 24 h (first notice) and 72 h (results) from detection; operators are notified',
  })
  @ApiCreatedResponse({ type: IncidentDto })
  register(@Body() dto: RegisterIncidentDto, @CurrentActor() actor: Actor): Promise<IncidentWithNotice> {
    return this.commands.execute(new RegisterIncidentCommand({ ...dto }, actor));
  }

  @Post(':id/notices')
  @HttpCode(200)
  @RequirePermission('privacy.write')
  @ApiOperation({
    operationId: 'recordIncidentNotice',
    summary: 'Record that the first notice or the results were sent to Roskomnadzor',
  })
  @ApiOkResponse({ type: IncidentDto })
  notice(
    @IdParam() id: string,
    @Body() dto: IncidentNoticeDto,
    @CurrentActor() actor: Actor,
  ): Promise<IncidentView> {
    return this.commands.execute(new RecordIncidentNoticeCommand(id, dto.stage, actor));
  }
}
