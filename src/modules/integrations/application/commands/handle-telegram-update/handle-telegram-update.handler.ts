import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../../shared/domain/actor';
import {
  INTEGRATION_REPOSITORY,
  type IntegrationRepository,
} from '../../../domain/integration.repository.port';
import { BOT_GATEWAY, type BotGateway } from '../../ports/bot-gateway.port';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
import { SalesBot } from '../../services/sales-bot';
import { StaffBots } from '../../services/staff-bots';
import { updateAad } from '../../services/telegram-store';
import { HandleTelegramUpdateCommand } from './handle-telegram-update.command';

@CommandHandler(HandleTelegramUpdateCommand)
export class HandleTelegramUpdateHandler implements ICommandHandler<HandleTelegramUpdateCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
    private readonly codec: IntegrationSecretsCodec,
    private readonly sales: SalesBot,
    private readonly staff: StaffBots,
  ) {}

  async execute({ integrationId, updateId }: HandleTelegramUpdateCommand): Promise<void> {
    await this.uow.run(async () => {
      const integration = await this.integrations.findById(integrationId);
      const [row] = await this.uow.rows<{ payload: string }>(
        `SELECT payload FROM telegram_updates WHERE integration_id = $1 AND update_id = $2`,
        [integrationId, updateId],
      );
      if (!integration || !row) return;
      const update = this.codec.open<Record<string, unknown>>(
        row.payload,
        updateAad(integrationId, updateId),
      );
      const token = integration.secrets.apiToken;
      const incoming = await this.gateway.translate(integrationId, token, update);
      if (incoming.kind === 'other') return;
      const bot = { id: integrationId, token, botName: integration.botName };
      const actor: Actor = {
        userId: null,
        role: 'system',
        correlationId: `telegram:${integrationId}:${updateId}`,
      };
      if (integration.purpose === 'sales') await this.sales.handle(bot, incoming, actor);
      else await this.staff.handle(integration.purpose, bot, incoming, actor);
    });
  }
}
