import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { type ConsentView, PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { RecordConsentCommand } from './record-consent.command';

@CommandHandler(RecordConsentCommand)
export class RecordConsentHandler implements ICommandHandler<RecordConsentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async execute({ input, actor }: RecordConsentCommand): Promise<ConsentView> {
    return this.uow.run(async () => {
      const { id, created } = await this.store.insertConsent(uuidv7(), input);
      if (created) {
        await this.outbox.append(
          [
            new PrivacyEvent(PRIVACY_EVENTS.consentRecorded, 'consent', id, {
              subjectKind: input.subjectKind,
              clientId: input.clientId,
              purpose: input.purpose,
              textVersion: input.textVersion,
              channel: input.channel,
              givenAt: input.givenAt,
            }),
          ],
          actor,
        );
      }
      return (await this.store.consent(id))!;
    });
  }
}
