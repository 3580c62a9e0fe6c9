import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FieldCipher } from '../../../../../shared/crypto/field-cipher';
import { DomainError, ValidationError } from '../../../../../shared/domain/domain-error';
import { WEBHOOK_INTEGRATIONS, type WebhookIntegrations } from '../../ports/webhook-integrations.port';
import { TelegramStore } from '../../ports/telegram-store.port';
import { ReceiveTelegramUpdateCommand } from './receive-telegram-update.command';

/**
 * The acknowledgement is one statement: the integration and its opened secret come from the
 * in-process cache, the update is sealed and inserted once per `(integration, update_id)`.
 */
@CommandHandler(ReceiveTelegramUpdateCommand)
export class ReceiveTelegramUpdateHandler implements ICommandHandler<ReceiveTelegramUpdateCommand> {
  constructor(
    @Inject(WEBHOOK_INTEGRATIONS) private readonly integrations: WebhookIntegrations,
    private readonly store: TelegramStore,
  ) {}

  async execute({ integrationId, secretToken, update }: ReceiveTelegramUpdateCommand) {
    const found = await this.integrations.get(integrationId);
    const integration = found?.type === 'telegram' ? found : null;
    // the same answer for an unknown bot and a wrong secret
    const expected = integration ? integration.webhookSecret : 'no such integration';
    if (!integration || typeof secretToken !== 'string' || !FieldCipher.safeEqual(secretToken, expected)) {
      throw new DomainError('COMMON.FORBIDDEN', 'the secret token does not match');
    }
    const updateId = update?.update_id;
    if (typeof updateId !== 'number' || !Number.isSafeInteger(updateId) || updateId < 0) {
      throw ValidationError.field('update_id', 'update_id must be a non-negative integer');
    }
    // a stopped bot acknowledges stray deliveries without keeping them
    if (!integration.isActive) return { duplicate: false };
    return { duplicate: !(await this.store.storeUpdate(integrationId, update)) };
  }
}
