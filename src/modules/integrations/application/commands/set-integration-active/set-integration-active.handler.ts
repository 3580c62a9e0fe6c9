import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import type { Integration } from '../../../domain/integration';
import {
  INTEGRATION_REPOSITORY,
  type IntegrationRepository,
} from '../../../domain/integration.repository.port';
import {
  MAILBOX_CHECK,
  MAILBOX_STORE,
  type MailboxCheck,
  type MailboxStore,
} from '../../../email/application/mailbox-store.port';
import { webhookPath } from '../../integration.view';
import { BOT_GATEWAY, BotApiError, type BotGateway } from '../../ports/bot-gateway.port';
import { WHATSAPP_GATEWAY, type WhatsAppGateway } from '../../ports/whatsapp-gateway.port';
import { scrubToken } from '../../services/integration-secrets';
import {
  RecordIntegrationFailureCommand,
  SetIntegrationActiveCommand,
} from './set-integration-active.command';

@CommandHandler(SetIntegrationActiveCommand)
export class SetIntegrationActiveHandler implements ICommandHandler<SetIntegrationActiveCommand> {
  private readonly logger = new Logger('Integrations');

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    private readonly outbox: OutboxWriter,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WHATSAPP_GATEWAY) private readonly whatsappGateway: WhatsAppGateway,
    @Inject(MAILBOX_STORE) private readonly mailboxes: MailboxStore,
    @Inject(MAILBOX_CHECK) private readonly mailboxCheck: MailboxCheck,
  ) {}

  async execute({ id, active, actor }: SetIntegrationActiveCommand): Promise<void> {
    const found = await this.integrations.findById(id);
    if (!found) throw new NotFoundError('integration', id);
    if (found.type === 'email') return this.mailbox(id, active, actor);
    const { apiToken, webhookSecret } = found.secrets;
    const ctx = () => ({ by: actor.userId, now: new Date() });
    if (found.type === 'whatsapp') return this.whatsapp(found, active, actor);
    // the Bot API is called outside the transaction: a slow Telegram holds no row lock
    if (!active) {
      try {
        await this.gateway.disconnect(id, apiToken);
      } catch (err) {
        this.logger.warn(`deleteWebhook failed for integration ${id}: ${scrubToken(String(err), apiToken)}`);
      }
      await this.save(id, actor, (i) => i.deactivate(ctx()));
      return;
    }
    try {
      const me = await this.gateway.connect(
        id,
        apiToken,
        this.config.telegramUpdates === 'polling'
          ? null
          : { url: `${this.config.publicBaseUrl}${webhookPath(id)}`, secret: webhookSecret },
      );
      await this.save(id, actor, (i) => i.activated(me.username, ctx()));
    } catch (err) {
      const message =
        err instanceof BotApiError ? err.message : scrubToken(`activation failed: ${String(err)}`, apiToken);
      this.gateway.forget(id);
      await this.save(id, actor, (i) => i.connectionFailed(message, ctx()));
      this.logger.warn(`integration ${id} could not connect: ${message}`);
      throw new DomainError('INTEGRATIONS.CONNECTION_FAILED', `Telegram refused the bot: ${message}`, {
        lastError: message,
      });
    }
  }

  /** A mailbox is started by a real IMAP and SMTP login; the reader picks it up once it is active. */
  private async mailbox(
    id: string,
    active: boolean,
    actor: SetIntegrationActiveCommand['actor'],
  ): Promise<void> {
    const ctx = () => ({ by: actor.userId, now: new Date() });
    if (!active) return this.save(id, actor, (i) => i.deactivate(ctx()));
    const mailbox = await this.mailboxes.find(id);
    if (!mailbox) throw new NotFoundError('integration', id);
    try {
      await this.mailboxCheck.verify(mailbox.settings);
    } catch (err) {
      const message = (err as Error).message;
      await this.save(id, actor, (i) => i.connectionFailed(message, ctx()));
      this.logger.warn(`integration ${id} could not connect: ${message}`);
      throw new DomainError('INTEGRATIONS.CONNECTION_FAILED', `The mailbox refused the login: ${message}`, {
        lastError: message,
      });
    }
    await this.save(id, actor, (i) => i.activated(i.botName, ctx()));
  }

  /** A WhatsApp number: the webhook is set in Meta's dashboard; activation checks the token can read the number. */
  private async whatsapp(found: Integration, active: boolean, actor: SetIntegrationActiveCommand['actor']) {
    const ctx = () => ({ by: actor.userId, now: new Date() });
    if (!active) return this.save(found.id, actor, (i) => i.deactivate(ctx()));
    const { apiToken, phoneNumberId } = found.secrets;
    try {
      await this.whatsappGateway.checkNumber(phoneNumberId ?? '', apiToken);
      await this.save(found.id, actor, (i) => i.activated(found.botName, ctx()));
    } catch (err) {
      const message =
        err instanceof BotApiError ? err.message : scrubToken(`activation failed: ${String(err)}`, apiToken);
      await this.save(found.id, actor, (i) => i.connectionFailed(message, ctx()));
      this.logger.warn(`integration ${found.id} could not connect: ${message}`);
      throw new DomainError(
        'INTEGRATIONS.CONNECTION_FAILED',
        `The Graph API refused the number: ${message}`,
        {
          lastError: message,
        },
      );
    }
  }

  private save(id: string, actor: SetIntegrationActiveCommand['actor'], change: (i: Integration) => void) {
    return this.uow.run(async () => {
      const integration = await this.integrations.findByIdForUpdate(id);
      if (!integration) throw new NotFoundError('integration', id);
      change(integration);
      if (!integration.hasChanges) return;
      await this.integrations.update(integration);
      await this.outbox.append(integration.pullEvents(), actor);
    });
  }
}

@CommandHandler(RecordIntegrationFailureCommand)
export class RecordIntegrationFailureHandler implements ICommandHandler<RecordIntegrationFailureCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    private readonly outbox: OutboxWriter,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
  ) {}

  async execute({ id, error, actor }: RecordIntegrationFailureCommand): Promise<void> {
    this.gateway.forget(id);
    await this.uow.run(async () => {
      const integration = await this.integrations.findByIdForUpdate(id);
      if (!integration) return;
      integration.connectionFailed(error, { by: actor.userId, now: new Date() });
      if (!integration.hasChanges) return;
      await this.integrations.update(integration);
      await this.outbox.append(integration.pullEvents(), actor);
    });
  }
}
