import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FieldCipher } from '../../../../../shared/crypto/field-cipher';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, ValidationError } from '../../../../../shared/domain/domain-error';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
import { TelegramStore } from '../../services/telegram-store';
import { ReceiveTelegramUpdateCommand } from './receive-telegram-update.command';

@CommandHandler(ReceiveTelegramUpdateCommand)
export class ReceiveTelegramUpdateHandler implements ICommandHandler<ReceiveTelegramUpdateCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
    private readonly store: TelegramStore,
  ) {}

  async execute({ integrationId, secretToken, update }: ReceiveTelegramUpdateCommand) {
    const [row] = await this.uow.rows<{ secret: string; purpose: string; is_active: boolean }>(
      `SELECT webhook_secret_encrypted AS secret, purpose, is_active FROM integration_settings
        WHERE id = $1 AND type = 'telegram'`,
      [integrationId],
    );
    // the same answer for an unknown bot and a wrong secret
    const expected = row ? this.codec.openSecret(integrationId, row.secret) : 'no such integration';
    if (!row || typeof secretToken !== 'string' || !FieldCipher.safeEqual(secretToken, expected)) {
      throw new DomainError('COMMON.FORBIDDEN', 'the secret token does not match');
    }
    const updateId = update?.update_id;
    if (typeof updateId !== 'number' || !Number.isSafeInteger(updateId) || updateId < 0) {
      throw ValidationError.field('update_id', 'update_id must be a non-negative integer');
    }
    // a stopped bot acknowledges stray deliveries without keeping them
    if (!row.is_active) return { duplicate: false };
    return { duplicate: !(await this.store.storeUpdate(integrationId, update)) };
  }
}
