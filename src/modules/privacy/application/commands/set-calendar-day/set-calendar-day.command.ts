import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { CalendarDayKind } from '../../../domain/production-calendar';

/** Marks a day a holiday or a (transferred) working day, or back to the weekday rule (`kind: null`). */
export class SetCalendarDayCommand extends Command<void> {
  constructor(
    readonly day: string,
    readonly kind: CalendarDayKind | null,
    readonly note: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
