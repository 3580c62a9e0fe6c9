import { Body, Controller, Get, Headers, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { ApiIfMatch } from '../../../shared/http/expected-version';
import { UpdateAgencySettingsCommand } from '../application/commands/update-agency-settings/update-agency-settings.command';
import type { AgencySettingsView } from '../application/documents.views';
import { GetAgencySettingsQuery } from '../application/queries/get-agency-settings/get-agency-settings.query';
import { AgencySettingsDto, UpdateAgencySettingsDto } from './documents.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings/agency')
export class AgencySettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('settings.read')
  @ApiProblems('COMMON.NOT_FOUND')
  @ApiOperation({ operationId: 'getAgencySettings', summary: 'The agency’s requisites printed on documents' })
  @ApiOkResponse({ type: AgencySettingsDto })
  async get(): Promise<AgencySettingsView> {
    const r = await this.queries.execute(new GetAgencySettingsQuery());
    if (!r) throw new NotFoundError('agency settings', 'agency');
    return r;
  }

  @Put()
  @RequirePermission('settings.write')
  @ApiIfMatch()
  @ApiOperation({
    operationId: 'updateAgencySettings',
    summary:
      'Set the agency’s requisites (INN, KPP, OGRN, BIK and accounts checked, check digits included); ' +
      'send the version you read once they exist',
  })
  @ApiOkResponse({ type: AgencySettingsDto })
  async put(
    @Body() dto: UpdateAgencySettingsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<AgencySettingsView> {
    const { version, ...details } = dto;
    const m = ifMatch === undefined ? null : /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    await this.commands.execute(
      new UpdateAgencySettingsCommand(details, version ?? (m ? Number(m[1]) : undefined), actor),
    );
    return this.get();
  }
}
