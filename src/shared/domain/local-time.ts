/** The agency's own time zone: times elsewhere are labelled with their place. */
export const AGENCY_TIME_ZONE = 'Europe/Moscow';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('ru-RU', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `01.06.2027 15:00`: the wall-clock time of `iso` in `timeZone`. */
export function wallClock(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

/**
 * The time of `iso` where it happens: `01.06.2027 15:00 (Париж)` — the place's wall clock,
 * labelled with the place when its clock differs from the agency's at that moment; unlabelled
 * (`01.06.2027 15:00`) when it reads the same as in the agency.
 */
export function placeTime(iso: string, place: { timeZone?: string | null; city?: string | null }): string {
  const zone = place.timeZone || AGENCY_TIME_ZONE;
  let local: string;
  try {
    local = wallClock(iso, zone);
  } catch {
    return wallClock(iso, AGENCY_TIME_ZONE);
  }
  if (local === wallClock(iso, AGENCY_TIME_ZONE)) return local;
  return `${local} (${place.city || zone})`;
}
