/**
 * A production calendar: Saturdays and Sundays are days off, except the transferred working days
 * listed as `workday`; public holidays and transferred days off are listed as `holiday`. Dates are
 * calendar days (YYYY-MM-DD) in the agency's zone (Moscow).
 */
export type CalendarDayKind = 'holiday' | 'workday';

export class ProductionCalendar {
  private readonly days: ReadonlyMap<string, CalendarDayKind>;

  constructor(days: Iterable<{ day: string; kind: CalendarDayKind }>) {
    this.days = new Map([...days].map((d) => [d.day, d.kind]));
  }

  isWorkingDay(day: string): boolean {
    const listed = this.days.get(day);
    if (listed) return listed === 'workday';
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /**
   * The day on which a period of `n` working days counted from `received` ends: the count starts
   * the next day (Civil Code art. 191), each working day counts one, the last one is the due date.
   */
  addWorkingDays(received: string, n: number): string {
    let day = received;
    let left = n;
    while (left > 0) {
      day = nextDay(day);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /** The working day before `day` (when an operator is reminded of a deadline). */
  previousWorkingDay(day: string): string {
    let d = previousDay(day);
    while (!this.isWorkingDay(d)) d = previousDay(d);
    return d;
  }
}

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The calendar day of an instant in Moscow (UTC+3 all year since 2014). */
export function moscowDay(at: Date): string {
  return new Date(at.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}

/** 152-FZ art. 14, 20, 21: ten working days to answer, extendable once by five with a reason. */
export const REQUEST_WORKING_DAYS = 10;
export const REQUEST_EXTENSION_WORKING_DAYS = 5;
