import { Body, Controller, Get, Post, Patch, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { IdParam } from '../../../shared/http/id-param';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import { AddIntegrationCommand } from '../application/commands/add-integration/add-integration.command';
import { ReplaceIntegrationTokenCommand } from '../application/commands/replace-integration-token/replace-integration-token.command';
import { SetIntegrationActiveCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import type { IntegrationView } from '../application/integration.view';
import { ListIntegrationsQuery } from '../application/queries/list-integrations/list-integrations.query';
import { AddIntegrationDto, IntegrationDto, ListIntegrationsQueryDto } from './integration.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

export class UpdateIntegrationDto {
  @ApiPropertyOptional({ example: true, description: 'true starts the bot, false stops it' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: '123456789:AAE…', description: 'A new bot token; never returned' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  apiToken?: string;

  @ApiPropertyOptional({
    description: 'Must equal ADMIN_PASSWORD with apiToken (403 otherwise)',
    format: 'password',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  adminPassword?: string;
}

/**
 * The REST face of the integration settings: `GET/POST /settings/integrations`,
 * `PATCH /settings/integrations/{id}`. The seed's verbs (`/list`, `/add`, `/activate`,
 * `/replace-token`) stay as aliases on IntegrationsController and run the same commands.
 */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('settings/integrations')
export class IntegrationsRestController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('integrations.read')
  @ApiOperation({
    operationId: 'getIntegrations',
    summary: 'Integrations (bots), oldest first; secrets never, a fingerprint only',
  })
  @ApiOkResponse({ type: PageDtoOf(IntegrationDto) })
  list(@Query() q: ListIntegrationsQueryDto): Promise<Page<IntegrationView>> {
    return this.queries.execute(new ListIntegrationsQuery({ purpose: q.purpose }, pageWindow(q)));
  }

  @Post()
  @RequirePermission('integrations.write')
  @Idempotent()
  @ApiProblems('INTEGRATIONS.ADMIN_PASSWORD_REQUIRED', 'COMMON.RATE_LIMITED')
  @ApiOperation({
    operationId: 'createIntegration',
    summary:
      'A new, inactive integration with its secrets sealed; needs adminPassword = ADMIN_PASSWORD (403; throttled, 429)',
  })
  @ApiCreatedResponse({ type: IntegrationDto })
  async create(@Body() dto: AddIntegrationDto, @CurrentActor() actor: Actor): Promise<IntegrationView> {
    const { adminPassword, ...input } = dto;
    const { id } = await this.commands.execute(new AddIntegrationCommand(input, adminPassword ?? '', actor));
    return this.read(id);
  }

  @Patch(':id')
  @RequirePermission('integrations.write')
  @ApiProblems('INTEGRATIONS.CONNECTION_FAILED', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'updateIntegration',
    summary:
      'Replace the token (needs adminPassword) and/or start or stop the bot; a refused token → 409 INTEGRATIONS.CONNECTION_FAILED',
  })
  @ApiOkResponse({ type: IntegrationDto })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateIntegrationDto,
    @CurrentActor() actor: Actor,
  ): Promise<IntegrationView> {
    await this.read(id);
    if (dto.apiToken !== undefined) {
      await this.commands.execute(
        new ReplaceIntegrationTokenCommand(id, dto.apiToken, dto.adminPassword ?? '', actor),
      );
    }
    if (dto.active !== undefined) {
      await this.commands.execute(new SetIntegrationActiveCommand(id, dto.active, actor));
    }
    return this.read(id);
  }

  private async read(id: string): Promise<IntegrationView> {
    const page = await this.queries.execute(new ListIntegrationsQuery({ id }, { limit: 1, offset: 0 }));
    if (page.items.length === 0) throw new NotFoundError('integration', id);
    return page.items[0];
  }
}
