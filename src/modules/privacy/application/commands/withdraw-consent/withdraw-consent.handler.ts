import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { BASIS_TEXT, destructionDeadline } from '../../../domain/retention-policy';
import { PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { SubjectDealings } from '../../services/subject-dealings';
import { WithdrawConsentCommand, type WithdrawalResult } from './withdraw-consent.command';

@CommandHandler(WithdrawConsentCommand)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
    private readonly dealings: SubjectDealings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ id, channel, actor }: WithdrawConsentCommand): Promise<WithdrawalResult> {
    return this.uow.run(async () => {
      const consent = await this.store.consent(id, true);
      if (!consent) throw new NotFoundError('consent', id);
      if (consent.withdrawnAt !== null) {
        throw new DomainError(
          'PRIVACY.ALREADY_WITHDRAWN',
          `consent ${id} was withdrawn at ${consent.withdrawnAt}`,
          {
            withdrawnAt: consent.withdrawnAt,
          },
        );
      }
      const now = new Date();
      const bases = await this.dealings.bases(consent.clientId);
      const destroyAfter = destructionDeadline(now, this.config.privacy.withdrawalDestroyDays, bases);
      await this.store.withdrawConsent(id, {
        at: now,
        by: actor.userId,
        channel,
        destroyAfter,
        keptBases: bases,
      });
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.consentWithdrawn, 'consent', id, {
            subjectKind: consent.subjectKind,
            subjectId: consent.subjectId,
            clientId: consent.clientId,
            purpose: consent.purpose,
            channel,
            destroyAfter: destroyAfter?.toISOString() ?? null,
            keptBases: bases,
            diff: { withdrawnAt: { from: null, to: now.toISOString() } },
          }),
        ],
        actor,
      );
      return {
        consent: (await this.store.consent(id))!,
        destroyAfter: destroyAfter?.toISOString() ?? null,
        keptBy: bases.map((basis) => ({ basis, text: BASIS_TEXT[basis] })),
      };
    });
  }
}
