/**
 * Dates and times as staff read them, in one place: documents, bot notices and exports print a
 * time at a place in the place's own zone and name the place when its clock differs from the
 * agency's (`01.06.2027 15:00 (Париж)`).
 */

/** The agency works on Moscow time; times elsewhere are printed in their own zone and labelled. */
export const AGENCY_TIME_ZONE = 'Europe/Moscow';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl.DateTimeFormat costs far more than using one (it was most of the timeline
// projection's CPU): one per zone and shape. An unknown zone still throws a RangeError.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-GB', {
            timeZone,
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          });
    formatters.set(key, f);
  }
  return f;
}

/**
 * The calendar date of `value` in `timeZone` as `{year, month (1–12), day}`. A bare `YYYY-MM-DD`
 * is taken as is; an instant (ISO 8601 with offset or a Date) is read in the time zone.
 */
export function calendarDate(
  value: string | Date,
  timeZone = AGENCY_TIME_ZONE,
): { year: number; month: number; day: number } {
  if (typeof value === 'string') {
    const m = DATE_ONLY.exec(value);
    if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  const parts = formatter('date', timeZone).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** `2026-11-22` → `22.11.2026` */
export function formatDateShort(value: string | Date, timeZone = AGENCY_TIME_ZONE): string {
  const { year, month, day } = calendarDate(value, timeZone);
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

/** `2027-06-01T10:00:00+03:00` → `01.06.2027 10:00` in the given zone. */
export function formatDateTime(value: string | Date, timeZone = AGENCY_TIME_ZONE): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  const time = formatter('time', timeZone).format(date);
  return `${formatDateShort(date, timeZone)} ${time}`;
}

/**
 * `01.06.2027 15:00 (Париж)`: the wall-clock time at the place, with the place named when its
 * clock differs from the agency's at that moment (a Moscow time needs no label).
 */
export function formatPlaceDateTime(
  value: string | Date,
  place: { city?: string | null; timeZone?: string | null },
  agencyZone = AGENCY_TIME_ZONE,
): string {
  const zone = place.timeZone || agencyZone;
  const local = formatDateTime(value, zone);
  if (zone === agencyZone || local === formatDateTime(value, agencyZone) || !place.city) return local;
  return `${local} (${place.city})`;
}

/**
 * {@link formatPlaceDateTime} for a place that may lack a city (labelled with its zone) or carry a
 * zone this runtime does not know (printed in the agency's time, unlabelled).
 */
export function placeTime(iso: string, place: { timeZone?: string | null; city?: string | null }): string {
  try {
    return formatPlaceDateTime(iso, { timeZone: place.timeZone, city: place.city || place.timeZone });
  } catch {
    return formatDateTime(iso);
  }
}
