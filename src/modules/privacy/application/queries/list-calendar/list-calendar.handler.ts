import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CalendarDayKind } from '../../../domain/production-calendar';
import { PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { ListCalendarQuery } from './list-calendar.query';

@QueryHandler(ListCalendarQuery)
export class ListCalendarHandler implements IQueryHandler<ListCalendarQuery> {
  constructor(@Inject(PRIVACY_STORE) private readonly store: PrivacyStore) {}

  execute({ year }: ListCalendarQuery): Promise<Array<{ day: string; kind: CalendarDayKind; note: string }>> {
    return this.store.calendarDays(`${year}-01-01`, `${year}-12-31`);
  }
}
