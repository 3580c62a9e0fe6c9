import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyAuthenticated, CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import { AddIntegrationCommand } from '../application/commands/add-integration/add-integration.command';
import {
  CreateTelegramLinkCommand,
  type TelegramLinkCode,
} from '../application/commands/create-telegram-link/create-telegram-link.command';
import { ReplaceIntegrationTokenCommand } from '../application/commands/replace-integration-token/replace-integration-token.command';
import { SetIntegrationActiveCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import type { IntegrationView } from '../application/integration.view';
import { ListIntegrationsQuery } from '../application/queries/list-integrations/list-integrations.query';
import {
  ActivateIntegrationDto,
  AddIntegrationDto,
  IntegrationDto,
  ListIntegrationsQueryDto,
  ReplaceIntegrationTokenDto,
  SupplierLinkDto,
  TelegramLinkCodeDto,
} from './integration.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller()
export class IntegrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('settings/integrations/list')
  @RequirePermission('integrations.read')
  @ApiOperation({
    operationId: 'listIntegrations',
    summary: 'Integrations (bots), oldest first; the token never, its fingerprint only',
  })
  @ApiOkResponse({ type: PageDtoOf(IntegrationDto) })
  list(@Query() q: ListIntegrationsQueryDto): Promise<Page<IntegrationView>> {
    return this.queries.execute(new ListIntegrationsQuery({ purpose: q.purpose }, pageWindow(q)));
  }

  @Post('settings/integrations/add')
  @RequirePermission('integrations.write')
  @ApiProblems('INTEGRATIONS.ADMIN_PASSWORD_REQUIRED', 'COMMON.RATE_LIMITED')
  @ApiOperation({
    operationId: 'addIntegration',
    summary:
      'Store a bot token (encrypted) as a new, inactive integration; needs adminPassword = ADMIN_PASSWORD ' +
      '(403 otherwise; attempts throttled, 429); audited without the token',
  })
  @ApiCreatedResponse({ type: IntegrationDto })
  async add(@Body() dto: AddIntegrationDto, @CurrentActor() actor: Actor): Promise<IntegrationView> {
    const { adminPassword, accessToken, apiToken, ...rest } = dto;
    const input = { ...rest, apiToken: (dto.type === 'whatsapp' ? accessToken : apiToken) ?? '' };
    const { id } = await this.commands.execute(new AddIntegrationCommand(input, adminPassword ?? '', actor));
    return this.read(id);
  }

  @Post('settings/integrations/activate')
  @RequirePermission('integrations.write')
  @HttpCode(200)
  @ApiProblems('INTEGRATIONS.CONNECTION_FAILED', 'COMMON.VERSION_CONFLICT', 'COMMON.NOT_FOUND')
  @ApiOperation({
    operationId: 'activateIntegration',
    summary:
      'Start (getMe + setWebhook with the secret token) or stop (deleteWebhook) a bot at run time; ' +
      'a refused token → 409 INTEGRATIONS.CONNECTION_FAILED and lastError',
  })
  @ApiOkResponse({ type: IntegrationDto })
  async activate(
    @Body() dto: ActivateIntegrationDto,
    @CurrentActor() actor: Actor,
  ): Promise<IntegrationView> {
    await this.commands.execute(new SetIntegrationActiveCommand(dto.id.toLowerCase(), dto.active, actor));
    return this.read(dto.id.toLowerCase());
  }

  @Post('settings/integrations/replace-token')
  @RequirePermission('integrations.write')
  @HttpCode(200)
  @ApiProblems('INTEGRATIONS.ADMIN_PASSWORD_REQUIRED', 'COMMON.RATE_LIMITED', 'COMMON.NOT_FOUND')
  @ApiOperation({
    operationId: 'replaceIntegrationToken',
    summary:
      'Replace a bot token (and its webhook secret); needs adminPassword = ADMIN_PASSWORD (403; throttled, 429). ' +
      'A running bot is reconnected with the new token',
  })
  @ApiOkResponse({ type: IntegrationDto })
  async replaceToken(
    @Body() dto: ReplaceIntegrationTokenDto,
    @CurrentActor() actor: Actor,
  ): Promise<IntegrationView> {
    const id = dto.id.toLowerCase();
    await this.commands.execute(
      new ReplaceIntegrationTokenCommand(id, dto.apiToken, dto.adminPassword ?? '', actor),
    );
    return this.read(id);
  }

  @Post('settings/integrations/supplier-links')
  @RequirePermission('orders.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'createSupplierTelegramLink',
    summary: 'A one-time code that links a supplier’s Telegram chat (on a supplier bot) to the supplier',
  })
  @ApiCreatedResponse({ type: TelegramLinkCodeDto })
  supplierLink(@Body() dto: SupplierLinkDto, @CurrentActor() actor: Actor): Promise<TelegramLinkCode> {
    return this.commands.execute(
      new CreateTelegramLinkCommand({ purpose: 'suppliers', supplier: dto.supplier }, actor),
    );
  }

  @Post('users/me/telegram-link')
  @AnyAuthenticated()
  @ApiOperation({
    operationId: 'createMyTelegramLink',
    summary: 'A one-time code that links your Telegram chat (on an operator bot) to your user',
  })
  @ApiCreatedResponse({ type: TelegramLinkCodeDto })
  myLink(@CurrentActor() actor: Actor): Promise<TelegramLinkCode> {
    return this.commands.execute(
      new CreateTelegramLinkCommand({ purpose: 'operators', userId: actor.userId! }, actor),
    );
  }

  private async read(id: string): Promise<IntegrationView> {
    const page = await this.queries.execute(new ListIntegrationsQuery({ id }, { limit: 1, offset: 0 }));
    if (page.items.length === 0) throw new NotFoundError('integration', id);
    return page.items[0];
  }
}
