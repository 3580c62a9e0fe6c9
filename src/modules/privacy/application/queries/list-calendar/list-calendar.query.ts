import { Query } from '@nestjs/cqrs';
import type { CalendarDayKind } from '../../../domain/production-calendar';

/** The listed days of a year (holidays, transferred days off and working days). */
export class ListCalendarQuery extends Query<Array<{ day: string; kind: CalendarDayKind; note: string }>> {
  constructor(readonly year: number) {
    super();
  }
}
