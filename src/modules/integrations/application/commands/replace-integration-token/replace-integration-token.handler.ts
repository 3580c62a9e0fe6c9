import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import {
  INTEGRATION_REPOSITORY,
  type IntegrationRepository,
} from '../../../domain/integration.repository.port';
import { BOT_GATEWAY, type BotGateway } from '../../ports/bot-gateway.port';
import { AdminPasswordCheck } from '../../services/admin-password-check';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
import { SetIntegrationActiveCommand } from '../set-integration-active/set-integration-active.command';
import { ReplaceIntegrationTokenCommand } from './replace-integration-token.command';

@CommandHandler(ReplaceIntegrationTokenCommand)
export class ReplaceIntegrationTokenHandler implements ICommandHandler<ReplaceIntegrationTokenCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    private readonly outbox: OutboxWriter,
    private readonly password: AdminPasswordCheck,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
    private readonly commands: CommandBus,
  ) {}

  async execute({ id, apiToken, adminPassword, actor }: ReplaceIntegrationTokenCommand): Promise<void> {
    await this.password.assert(adminPassword, actor.userId);
    const { oldToken, wasActive, telegram } = await this.uow.run(async () => {
      const integration = await this.integrations.findByIdForUpdate(id);
      if (!integration) throw new NotFoundError('integration', id);
      const previous = {
        oldToken: integration.secrets.apiToken,
        wasActive: integration.isActive,
        telegram: integration.type === 'telegram',
      };
      integration.replaceToken(
        apiToken,
        IntegrationSecretsCodec.fingerprint(apiToken ?? ''),
        IntegrationSecretsCodec.newWebhookSecret(),
        { by: actor.userId, now: new Date() },
      );
      await this.integrations.update(integration);
      await this.outbox.append(integration.pullEvents(), actor);
      return previous;
    });
    // best effort: a revoked old token cannot remove its webhook, and its secret no longer matches anyway
    // (a WhatsApp token never goes to the Bot API: Meta's webhook settings stay as they are)
    if (telegram) await this.gateway.disconnect(id, oldToken).catch(() => undefined);
    if (wasActive) await this.commands.execute(new SetIntegrationActiveCommand(id, true, actor));
  }
}
