import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import {
  INTEGRATION_REPOSITORY,
  type IntegrationRepository,
} from '../../../domain/integration.repository.port';
import { LinkCodes } from '../../ports/link-codes.port';
import { CreateTelegramLinkCommand, type TelegramLinkCode } from './create-telegram-link.command';

@CommandHandler(CreateTelegramLinkCommand)
export class CreateTelegramLinkHandler implements ICommandHandler<CreateTelegramLinkCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codes: LinkCodes,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
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
      return { ...issued, botNames: await this.integrations.activeBotNames(target.purpose) };
    });
  }
}
