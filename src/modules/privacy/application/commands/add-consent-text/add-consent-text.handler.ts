import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { type ConsentTextView, PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { AddConsentTextCommand } from './add-consent-text.command';

@CommandHandler(AddConsentTextCommand)
export class AddConsentTextHandler implements ICommandHandler<AddConsentTextCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async execute({ input, actor }: AddConsentTextCommand): Promise<ConsentTextView> {
    return this.uow.run(async () => {
      const existing = await this.store.consentTexts(input.purpose);
      if (existing.some((t) => t.version === input.version)) {
        throw new DomainError(
          'COMMON.CONFLICT',
          `consent text ${input.purpose} version ${input.version} exists; texts are never edited, add a new version`,
          {},
          [{ field: 'version', message: 'this version exists' }],
        );
      }
      const id = uuidv7();
      await this.store.insertConsentText({ id, ...input, createdBy: actor.userId }, input.activate);
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.consentTextAdded, 'consent-text', id, {
            purpose: input.purpose,
            version: input.version,
            active: input.activate,
          }),
        ],
        actor,
      );
      return (await this.store.consentTexts(input.purpose)).find((t) => t.id === id)!;
    });
  }
}
