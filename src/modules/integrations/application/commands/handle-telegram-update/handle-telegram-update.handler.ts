import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
import { updateAad } from '../../services/telegram-store';
import { TelegramUpdateProcessor } from '../../services/telegram-update-processor';
import { HandleTelegramUpdateCommand } from './handle-telegram-update.command';

/** Updates stored in `telegram_updates` before the inbound port (drained by the update worker). */
@CommandHandler(HandleTelegramUpdateCommand)
export class HandleTelegramUpdateHandler implements ICommandHandler<HandleTelegramUpdateCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
    private readonly processor: TelegramUpdateProcessor,
  ) {}

  async execute({ integrationId, updateId }: HandleTelegramUpdateCommand): Promise<void> {
    await this.uow.run(async () => {
      const [row] = await this.uow.rows<{ payload: string }>(
        `SELECT payload FROM telegram_updates WHERE integration_id = $1 AND update_id = $2`,
        [integrationId, updateId],
      );
      if (!row) return;
      const update = this.codec.open<Record<string, unknown>>(
        row.payload,
        updateAad(integrationId, updateId),
      );
      await this.processor.process(integrationId, update, `telegram:${integrationId}:${updateId}`);
    });
  }
}
