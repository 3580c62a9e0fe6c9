import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { LinkCodes } from '../../services/link-codes';
import { CreateTelegramLinkCommand, type TelegramLinkCode } from './create-telegram-link.command';

@CommandHandler(CreateTelegramLinkCommand)
export class CreateTelegramLinkHandler implements ICommandHandler<CreateTelegramLinkCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codes: LinkCodes,
  ) {}

  async execute({ target, actor }: CreateTelegramLinkCommand): Promise<TelegramLinkCode> {
    if (target.purpose === 'suppliers') {
      const s = target.supplier?.trim() ?? '';
      if (s === '' || s.length > 200)
        throw ValidationError.field('supplier', 'supplier must be 1 to 200 characters');
    }
    return this.uow.run(async () => {
      const issued =
        target.purpose === 'operators'
          ? await this.codes.issue('operators', { userId: target.userId }, actor.userId)
          : await this.codes.issue('suppliers', { supplier: target.supplier.trim() }, actor.userId);
      const bots = await this.uow.rows<{ bot_name: string }>(
        `SELECT bot_name FROM integration_settings WHERE is_active AND purpose = $1 ORDER BY id`,
        [target.purpose],
      );
      return { ...issued, botNames: bots.map((b) => b.bot_name) };
    });
  }
}
