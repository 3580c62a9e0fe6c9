/** Offset of `tz` from UTC at `instant`, in minutes (e.g. +180 for Europe/Moscow). */
export function offsetMinutes(instant: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
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
