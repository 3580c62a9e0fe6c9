import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { moscowDay, REQUEST_WORKING_DAYS } from '../../../domain/production-calendar';
import { PRIVACY_STORE, type PrivacyStore, type RequestView } from '../../ports/privacy-store.port';
import { CalendarReader } from '../../services/calendar';
import { RegisterRequestCommand } from './register-request.command';

@CommandHandler(RegisterRequestCommand)
export class RegisterRequestHandler implements ICommandHandler<RegisterRequestCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
    private readonly calendar: CalendarReader,
  ) {}

  async execute({ input, actor }: RegisterRequestCommand): Promise<RequestView> {
    return this.uow.run(async () => {
      const received = moscowDay(new Date(input.receivedAt));
      const dueOn = (await this.calendar.around(received)).addWorkingDays(received, REQUEST_WORKING_DAYS);
      const id = uuidv7();
      await this.store.insertRequest(
        {
          id,
          kind: input.kind,
          clientId: input.clientId,
          channel: input.channel,
          receivedAt: new Date(input.receivedAt).toISOString(),
          dueOn,
          extended: false,
          extensionReason: null,
          status: 'open',
        },
        actor.userId,
      );
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.requestRegistered, 'privacy-request', id, {
            kind: input.kind,
            clientId: input.clientId,
            channel: input.channel,
            dueOn,
          }),
        ],
        actor,
      );
      return (await this.store.request(id))!;
    });
  }
}
