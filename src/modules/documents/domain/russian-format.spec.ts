import { formatPlaceDateTime, nightsRu } from './russian-format';
import {
  formatDateLong,
  formatDateShort,
  formatDateTime,
  formatMoney,
  formatNumber,
  NBSP,
} from './russian-format';

describe('formatMoney', () => {
  it.each([
    ['12500', 'RUB', `12${NBSP}500,00${NBSP}₽`],
    ['0', 'RUB', `0,00${NBSP}₽`],
    ['999.995', 'RUB', `1${NBSP}000,00${NBSP}₽`],
    ['1234567.8', 'EUR', `1${NBSP}234${NBSP}567,80${NBSP}€`],
    ['100', 'usd', `100,00${NBSP}$`],
    ['-45.5', 'RUB', `-45,50${NBSP}₽`],
    ['99.5', 'XYZ', `99,50${NBSP}XYZ`],
    ['123456789012.34', 'RUB', `123${NBSP}456${NBSP}789${NBSP}012,34${NBSP}₽`],
  ])('formats %s %s as "%s" when given a decimal string', (amount, currency, text) => {
    expect(formatMoney(amount, currency)).toBe(text);
  });

  it('formats a number without decimals when asked for zero places', () => {
    expect(formatNumber('1500', 0)).toBe(`1${NBSP}500`);
  });
});

it('rounds two places as money does (half to even), like the stored figures', () => {
  expect(formatNumber('0.125')).toBe('0,12');
  expect(formatNumber('0.135')).toBe('0,14');
  expect(formatMoney('1.005', 'RUB')).toBe(`1,00${NBSP}₽`);
});

describe('dates', () => {
  it('writes the long Russian form when given a calendar date', () => {
    expect(formatDateLong('2026-11-22')).toBe('22 ноября 2026 г.');
    expect(formatDateLong('2027-01-01')).toBe('1 января 2027 г.');
    expect(formatDateLong('2027-05-09')).toBe('9 мая 2027 г.');
  });

  it('reads an instant in Moscow time when given an offset', () => {
    expect(formatDateLong('2026-11-22T22:30:00Z')).toBe('23 ноября 2026 г.');
    expect(formatDateLong(new Date('2026-03-31T20:59:00Z'))).toBe('31 марта 2026 г.');
    expect(formatDateShort('2027-06-01T10:00:00+03:00')).toBe('01.06.2027');
    expect(formatDateTime('2027-06-01T10:00:00+02:00')).toBe('01.06.2027 11:00');
    expect(formatDateTime('2027-06-01T10:00:00+02:00', 'Europe/Paris')).toBe('01.06.2027 10:00');
  });

  it('rejects what is not a date', () => {
    expect(() => formatDateLong('tomorrow')).toThrow(RangeError);
    expect(() => formatDateTime('x')).toThrow(RangeError);
  });
});

describe('times at the place', () => {
  it('prints a Paris time as Paris reads it, labelled, when the agency is on Moscow time', () => {
    const paris = { city: 'Париж', timeZone: 'Europe/Paris' };
    expect(formatPlaceDateTime('2027-06-01T15:00:00+02:00', paris)).toBe('01.06.2027 15:00 (Париж)');
    expect(
      formatPlaceDateTime('2027-06-01T15:00:00+02:00', { city: 'Москва', timeZone: 'Europe/Moscow' }),
    ).toBe('01.06.2027 16:00');
    expect(
      formatPlaceDateTime('2027-06-01T15:00:00+03:00', { city: 'Минск', timeZone: 'Europe/Minsk' }),
    ).toBe('01.06.2027 15:00');
    expect([1, 2, 5, 11, 21, 22, 112].map(nightsRu)).toEqual([
      '1 ночь',
      '2 ночи',
      '5 ночей',
      '11 ночей',
      '21 ночь',
      '22 ночи',
      '112 ночей',
    ]);
  });
});
