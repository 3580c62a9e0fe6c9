// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  if (formatters.has(tz)) return true;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

// Offsets only change on quarter-hour boundaries (UTC), so one lookup serves a whole quarter hour.
const QUARTER_MS = 15 * 60 * 1000;
const offsets = new Map<string, number>();
const MAX_CACHED_OFFSETS = 50_000;

/** Offset of `tz` from UTC at `instant`, in minutes (e.g. +180 for Europe/Moscow). */
export function offsetMinutes(instant: Date, tz: string): number {
  const key = `${tz}|${Math.floor(instant.getTime() / QUARTER_MS)}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
  const off = computeOffset(instant, tz);
  offsets.set(key, off);
  return off;
}

function computeOffset(instant: Date, tz: string): number {
  const parts = formatter(tz).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** ISO 8601 with the local offset of `tz`: `2027-06-01T14:00:00+02:00`. */
export function isoInZone(instant: Date, tz: string): string {
  const off = offsetMinutes(instant, tz);
  const local = new Date(instant.getTime() + off * 60000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Local wall-clock `DD.MM.YYYY HH:mm` in `tz`, for Russian messages. */
export function localLabel(instant: Date, tz: string): string {
  const iso = isoInZone(instant, tz);
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
