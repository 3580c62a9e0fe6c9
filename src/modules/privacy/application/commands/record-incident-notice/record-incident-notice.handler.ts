import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { type IncidentView, PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { RecordIncidentNoticeCommand } from './record-incident-notice.command';

@CommandHandler(RecordIncidentNoticeCommand)
export class RecordIncidentNoticeHandler implements ICommandHandler<RecordIncidentNoticeCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async execute({ id, stage, actor }: RecordIncidentNoticeCommand): Promise<IncidentView> {
    return this.uow.run(async () => {
      const i = await this.store.incident(id, true);
      if (!i) throw new NotFoundError('incident', id);
      const at = new Date();
      await this.store.markIncidentNotice(id, stage, at);
      const due = stage === 'first' ? i.firstNoticeDue : i.resultsDue;
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.incidentUpdated, 'incident', id, {
            stage,
            late: at.getTime() > Date.parse(due),
            diff: {
              [stage === 'first' ? 'firstNoticeAt' : 'resultsAt']: { from: null, to: at.toISOString() },
            },
          }),
        ],
        actor,
      );
      return (await this.store.incident(id))!;
    });
  }
}
