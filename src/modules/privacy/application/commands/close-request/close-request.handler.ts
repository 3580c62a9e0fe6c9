import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { PRIVACY_STORE, type PrivacyStore, type RequestView } from '../../ports/privacy-store.port';
import { CloseRequestCommand } from './close-request.command';

@CommandHandler(CloseRequestCommand)
export class CloseRequestHandler implements ICommandHandler<CloseRequestCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async execute({ id, status, answer, actor }: CloseRequestCommand): Promise<RequestView> {
    return this.uow.run(async () => {
      const r = await this.store.request(id, true);
      if (!r) throw new NotFoundError('privacy request', id);
      if (r.status !== 'open')
        throw new DomainError('PRIVACY.REQUEST_CLOSED', `request ${id} is ${r.status}`);
      const closedAt = new Date().toISOString();
      await this.store.updateRequest({ ...r, status, answer, closedAt });
      await this.outbox.append(
        [
          new PrivacyEvent(
            PRIVACY_EVENTS.requestClosed,
            'privacy-request',
            id,
            { diff: { status: { from: 'open', to: status } }, late: r.overdue },
            r.version + 1,
          ),
        ],
        actor,
      );
      return (await this.store.request(id))!;
    });
  }
}
