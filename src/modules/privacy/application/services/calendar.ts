import { Inject, Injectable } from '@nestjs/common';
import { nextDay, ProductionCalendar } from '../../domain/production-calendar';
import { PRIVACY_STORE, type PrivacyStore } from '../ports/privacy-store.port';

/** The agency's production calendar around a day (enough for a 10 + 5 working-day period). */
@Injectable()
export class CalendarReader {
  constructor(@Inject(PRIVACY_STORE) private readonly store: PrivacyStore) {}

  async around(day: string): Promise<ProductionCalendar> {
    const from = new Date(`${day}T00:00:00Z`);
    from.setUTCDate(from.getUTCDate() - 30);
    const to = new Date(`${day}T00:00:00Z`);
    to.setUTCDate(to.getUTCDate() + 90);
    return new ProductionCalendar(
      await this.store.calendarDays(from.toISOString().slice(0, 10), nextDay(to.toISOString().slice(0, 10))),
    );
  }
}
