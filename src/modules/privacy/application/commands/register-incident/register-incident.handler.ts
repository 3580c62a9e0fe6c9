import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { incidentDeadlines } from '../../../domain/incident';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { IncidentNotice } from '../../services/incident-notice';
import { type IncidentWithNotice, RegisterIncidentCommand } from './register-incident.command';

@CommandHandler(RegisterIncidentCommand)
export class RegisterIncidentHandler implements ICommandHandler<RegisterIncidentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
    private readonly notice: IncidentNotice,
  ) {}

  async execute({ input, actor }: RegisterIncidentCommand): Promise<IncidentWithNotice> {
    return this.uow.run(async () => {
      const id = uuidv7();
      const detectedAt = new Date(input.detectedAt);
      const { firstNoticeDue, resultsDue } = incidentDeadlines(detectedAt);
      await this.store.insertIncident(
        {
          id,
          description: input.description,
          detectedAt: detectedAt.toISOString(),
          categories: input.categories,
          approximateSubjects: input.approximateSubjects,
          firstNoticeDue: firstNoticeDue.toISOString(),
          resultsDue: resultsDue.toISOString(),
        },
        actor.userId,
      );
      const incident = (await this.store.incident(id))!;
      const noticeText = await this.notice.text(incident);
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.incidentRegistered, 'incident', id, {
            detectedAt: incident.detectedAt,
            categories: input.categories,
            approximateSubjects: input.approximateSubjects,
            firstNoticeDue: incident.firstNoticeDue,
            resultsDue: incident.resultsDue,
          }),
          // operators are told at once: the 24-hour clock is already running
          new PrivacyEvent(PRIVACY_EVENTS.incidentNoticeDue, 'incident', id, {
            stage: 'first',
            notice: `Инцидент с персональными данными: уведомить Роскомнадзор до ${incident.firstNoticeDue}, результаты расследования — до ${incident.resultsDue}.`,
          }),
        ],
        actor,
      );
      return { ...incident, noticeText };
    });
  }
}
