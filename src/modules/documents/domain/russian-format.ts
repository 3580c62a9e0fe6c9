import Decimal from 'decimal.js';
import { roundMoney } from '../../../shared/domain/money';
import { calendarDate } from '../../../shared/domain/place-time';

// Dates and times at a place are formatted in one place for documents, bots and exports.
export {
  AGENCY_TIME_ZONE,
  calendarDate,
  formatDateShort,
  formatDateTime,
  formatPlaceDateTime,
} from '../../../shared/domain/place-time';

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

/** `12500` → `12 500,00` (no-break space groups, decimal comma; two places round as money does: half to even). */
export function formatNumber(amount: Decimal.Value, decimals = 2): string {
  const value =
    decimals === 2
      ? roundMoney(amount)
      : new Decimal(amount).toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN);
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

/** `2026-11-22` → `22 ноября 2026 г.` */
export function formatDateLong(value: string | Date, timeZone = 'Europe/Moscow'): string {
  const { year, month, day } = calendarDate(value, timeZone);
  return `${day} ${GENITIVE_MONTHS[month - 1]} ${year} г.`;
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
