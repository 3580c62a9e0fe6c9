import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { SetCalendarDayCommand } from './set-calendar-day.command';

@CommandHandler(SetCalendarDayCommand)
export class SetCalendarDayHandler implements ICommandHandler<SetCalendarDayCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async execute({ day, kind, note, actor }: SetCalendarDayCommand): Promise<void> {
    await this.uow.run(async () => {
      await this.store.setCalendarDay(day, kind, note);
      await this.outbox.append(
        [new PrivacyEvent(PRIVACY_EVENTS.calendarDaySet, 'calendar-day', null, { day, kind, note })],
        actor,
      );
    });
  }
}
