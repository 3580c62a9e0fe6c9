import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { COUNTRY_CODE } from '../../../domain/cross-border';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import {
  CROSS_BORDER_STORE,
  type CrossBorderStore,
  type TransferView,
} from '../../ports/cross-border-store.port';
import { RecordTransferCommand } from './record-transfer.command';

@CommandHandler(RecordTransferCommand)
export class RecordTransferHandler implements ICommandHandler<RecordTransferCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(CROSS_BORDER_STORE) private readonly store: CrossBorderStore,
  ) {}

  async execute({ input, actor }: RecordTransferCommand): Promise<TransferView> {
    const country = input.country.trim().toUpperCase();
    if (!COUNTRY_CODE.test(country)) {
      throw ValidationError.field('country', 'country must be an ISO 3166-1 alpha-2 code');
    }
    if (input.notifiedOn && input.notifiedOn > new Date().toISOString().slice(0, 10)) {
      throw ValidationError.field('notifiedOn', 'notifiedOn must not be in the future');
    }
    return this.uow.run(async () => {
      const t = await this.store.insertTransfer(
        {
          id: uuidv7(),
          country,
          recipient: input.recipient.trim(),
          purpose: input.purpose.trim(),
          categories: input.categories.map((c) => c.trim()),
          notifiedOn: input.notifiedOn ?? null,
        },
        actor.userId,
      );
      // the recipient is an organisation and the categories are kinds of data: no personal data here
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.transferRecorded, 'transfer', t.id, {
            country: t.country,
            recipient: t.recipient,
            purpose: t.purpose,
            categories: t.categories,
            notifiedOn: t.notifiedOn,
          }),
        ],
        actor,
      );
      return t;
    });
  }
}
