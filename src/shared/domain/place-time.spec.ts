import { calendarDate, formatDateShort, formatDateTime, formatPlaceDateTime, placeTime } from './place-time';

/** Dates as staff read them; the formatters are built once per zone and reused. */
describe('place-time', () => {
  it('prints the same local date and time on every call, per zone', () => {
    for (let i = 0; i < 3; i++) {
      expect(formatDateTime('2027-06-01T10:00:00+03:00')).toBe('01.06.2027 10:00');
      expect(formatDateTime('2027-06-01T10:00:00+03:00', 'Europe/Paris')).toBe('01.06.2027 09:00');
      expect(formatDateTime('2027-06-01T22:30:00Z', 'Asia/Vladivostok')).toBe('02.06.2027 08:30');
    }
    expect(calendarDate('2027-12-31T23:30:00Z')).toEqual({ year: 2028, month: 1, day: 1 });
    expect(calendarDate('2027-12-31T23:30:00Z', 'UTC')).toEqual({ year: 2027, month: 12, day: 31 });
    expect(formatDateShort('2026-11-22')).toBe('22.11.2026');
    expect(
      formatPlaceDateTime('2027-06-01T10:00:00+03:00', { timeZone: 'Europe/Paris', city: 'Париж' }),
    ).toBe('01.06.2027 09:00 (Париж)');
  });

  it('still refuses an unknown zone and a bad date; placeTime falls back to the agency time', () => {
    expect(() => formatDateTime('2027-06-01T10:00:00+03:00', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => formatDateTime('2027-06-01T10:00:00+03:00', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => calendarDate('not a date')).toThrow(RangeError);
    expect(placeTime('2027-06-01T10:00:00+03:00', { timeZone: 'Mars/Olympus', city: 'X' })).toBe(
      '01.06.2027 10:00',
    );
  });
});
