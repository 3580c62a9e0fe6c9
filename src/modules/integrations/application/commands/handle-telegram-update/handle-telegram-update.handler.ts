import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { TelegramStore } from '../../ports/telegram-store.port';
import { TelegramUpdateProcessor } from '../../services/telegram-update-processor';
import { HandleTelegramUpdateCommand } from './handle-telegram-update.command';

/** Updates stored in `telegram_updates` before the inbound port (drained by the update worker). */
@CommandHandler(HandleTelegramUpdateCommand)
export class HandleTelegramUpdateHandler implements ICommandHandler<HandleTelegramUpdateCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: TelegramStore,
    private readonly processor: TelegramUpdateProcessor,
  ) {}

  async execute({ integrationId, updateId }: HandleTelegramUpdateCommand): Promise<void> {
    await this.uow.run(async () => {
      const update = await this.store.storedUpdate(integrationId, updateId);
      if (!update) return;
      await this.processor.process(integrationId, update, `telegram:${integrationId}:${updateId}`);
    });
  }
}
