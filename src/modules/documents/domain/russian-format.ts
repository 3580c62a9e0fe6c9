import Decimal from 'decimal.js';

/** No-break space: Russian typography groups thousands with it and keeps `₽` on the same line. */
export const NBSP = '\u00A0';

const GENITIVE_MONTHS = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/** Signs written after the amount (`12 500,00 ₽`); other currencies keep their ISO code. */
export const CURRENCY_SIGNS: Readonly<Record<string, string>> = {
  RUB: '₽',
  USD: '$',
  EUR: '€',
  GBP: '£',
  CNY: '¥',
  JPY: '¥',
  TRY: '₺',
  KZT: '₸',
  THB: '฿',
  GEL: '₾',
};

/** `12500` → `12 500,00` (no-break space groups, decimal comma, two places, half-up). */
export function formatNumber(amount: Decimal.Value, decimals = 2): string {
  const value = new Decimal(amount).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const negative = value.isNegative() && !value.isZero();
  const [int, frac] = value.abs().toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `,${frac}` : ''}`;
}

/** `12500.00`, `RUB` → `12 500,00 ₽`; `99.5`, `XYZ` → `99,50 XYZ`. */
export function formatMoney(amount: Decimal.Value, currency = 'RUB'): string {
  const code = currency.toUpperCase();
  return `${formatNumber(amount)}${NBSP}${CURRENCY_SIGNS[code] ?? code}`;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar date of `value` in `timeZone` as `{year, month (1–12), day}`. A bare `YYYY-MM-DD`
 * is taken as is; an instant (ISO 8601 with offset or a Date) is read in the time zone.
 */
export function calendarDate(
  value: string | Date,
  timeZone = 'Europe/Moscow',
): { year: number; month: number; day: number } {
  if (typeof value === 'string') {
    const m = DATE_ONLY.exec(value);
    if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** `2026-11-22` → `22 ноября 2026 г.` */
export function formatDateLong(value: string | Date, timeZone = 'Europe/Moscow'): string {
  const { year, month, day } = calendarDate(value, timeZone);
  return `${day} ${GENITIVE_MONTHS[month - 1]} ${year} г.`;
}

/** `2026-11-22` → `22.11.2026` */
export function formatDateShort(value: string | Date, timeZone = 'Europe/Moscow'): string {
  const { year, month, day } = calendarDate(value, timeZone);
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

/** `2027-06-01T10:00:00+03:00` → `01.06.2027 10:00` in the given zone. */
export function formatDateTime(value: string | Date, timeZone = 'Europe/Moscow'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${formatDateShort(date, timeZone)} ${time}`;
}

/** The agency works on Moscow time; times elsewhere are printed in their own zone and labelled. */
export const AGENCY_TIME_ZONE = 'Europe/Moscow';

/**
 * `01.06.2027 15:00 (Париж)`: the wall-clock time at the place, with the place named when its
 * clock differs from the agency's at that moment (a Moscow time needs no label).
 */
export function formatPlaceDateTime(
  value: string | Date,
  place: { city?: string; timeZone?: string | null },
  agencyZone = AGENCY_TIME_ZONE,
): string {
  const zone = place.timeZone || agencyZone;
  const local = formatDateTime(value, zone);
  if (zone === agencyZone || local === formatDateTime(value, agencyZone) || !place.city) return local;
  return `${local} (${place.city})`;
}

/** `1 ночь`, `2 ночи`, `5 ночей`. */
export function nightsRu(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  const word =
    mod10 === 1 && mod100 !== 11
      ? 'ночь'
      : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)
        ? 'ночи'
        : 'ночей';
  return `${n} ${word}`;
}
