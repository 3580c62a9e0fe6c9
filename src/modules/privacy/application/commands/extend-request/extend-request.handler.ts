import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { REQUEST_EXTENSION_WORKING_DAYS } from '../../../domain/production-calendar';
import { PRIVACY_STORE, type PrivacyStore, type RequestView } from '../../ports/privacy-store.port';
import { CalendarReader } from '../../services/calendar';
import { ExtendRequestCommand } from './extend-request.command';

@CommandHandler(ExtendRequestCommand)
export class ExtendRequestHandler implements ICommandHandler<ExtendRequestCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
    private readonly calendar: CalendarReader,
  ) {}

  async execute({ id, reason, actor }: ExtendRequestCommand): Promise<RequestView> {
    return this.uow.run(async () => {
      const r = await this.store.request(id, true);
      if (!r) throw new NotFoundError('privacy request', id);
      if (r.status !== 'open')
        throw new DomainError('PRIVACY.REQUEST_CLOSED', `request ${id} is ${r.status}`);
      if (r.extended) {
        throw new DomainError(
          'PRIVACY.ALREADY_EXTENDED',
          `request ${id} was extended already (once is the limit)`,
        );
      }
      const dueOn = (await this.calendar.around(r.dueOn)).addWorkingDays(
        r.dueOn,
        REQUEST_EXTENSION_WORKING_DAYS,
      );
      await this.store.updateRequest({ ...r, dueOn, extended: true, extensionReason: reason });
      await this.outbox.append(
        [
          new PrivacyEvent(
            PRIVACY_EVENTS.requestExtended,
            'privacy-request',
            id,
            { diff: { dueOn: { from: r.dueOn, to: dueOn }, extended: { from: false, to: true } } },
            r.version + 1,
          ),
        ],
        actor,
      );
      return (await this.store.request(id))!;
    });
  }
}
