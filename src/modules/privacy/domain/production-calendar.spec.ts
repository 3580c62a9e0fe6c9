import { moscowDay, ProductionCalendar, REQUEST_WORKING_DAYS } from './production-calendar';

// the Russian calendar of 2026 as the migration seeds it (days off on weekdays)
const RU_2026 = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-05',
  '2026-01-06',
  '2026-01-07',
  '2026-01-08',
  '2026-01-09',
  '2026-02-23',
  '2026-03-09',
  '2026-05-01',
  '2026-05-11',
  '2026-06-12',
  '2026-11-04',
  '2026-12-31',
].map((day) => ({ day, kind: 'holiday' as const }));

describe('ProductionCalendar', () => {
  const calendar = new ProductionCalendar(RU_2026);

  it.each([
    // counted by hand on the 2026 calendar; the count starts the day after receipt
    ['a Monday with 9 March (moved 8 March) inside the period', '2026-03-02', '2026-03-17'],
    ['a Friday before a Monday holiday (23 February) and 9 March later', '2026-02-20', '2026-03-10'],
    ['a Friday before 8 March moved to Monday 9 March', '2026-03-06', '2026-03-23'],
    ['a Friday before Monday 11 May (moved 9 May)', '2026-05-08', '2026-05-25'],
    ['a Thursday before the Russia Day Friday (12 June)', '2026-06-11', '2026-06-26'],
    ['a Thursday before 1 May with 11 May inside the period', '2026-04-30', '2026-05-18'],
    ['a Saturday (the count starts on the next working day)', '2026-03-07', '2026-03-23'],
  ])('gives the due date when a request arrives on %s', (_name, received, due) => {
    expect(calendar.addWorkingDays(received, REQUEST_WORKING_DAYS)).toBe(due);
  });

  it('counts a transferred working Saturday when the calendar lists one', () => {
    const withSaturday = new ProductionCalendar([...RU_2026, { day: '2026-03-14', kind: 'workday' }]);
    expect(withSaturday.isWorkingDay('2026-03-14')).toBe(true);
    expect(withSaturday.addWorkingDays('2026-03-06', REQUEST_WORKING_DAYS)).toBe('2026-03-20');
  });

  it('treats weekends as days off and listed holidays as days off when nothing else is known', () => {
    expect(calendar.isWorkingDay('2026-06-13')).toBe(false);
    expect(calendar.isWorkingDay('2026-06-12')).toBe(false);
    expect(calendar.isWorkingDay('2026-06-15')).toBe(true);
  });

  it('finds the working day before a deadline that follows a weekend and a holiday', () => {
    expect(calendar.previousWorkingDay('2026-06-15')).toBe('2026-06-11');
    expect(calendar.previousWorkingDay('2026-06-17')).toBe('2026-06-16');
  });

  it('takes the Moscow calendar day of an instant when it is already the next day there', () => {
    expect(moscowDay(new Date('2026-06-11T22:30:00Z'))).toBe('2026-06-12');
    expect(moscowDay(new Date('2026-06-11T20:59:00Z'))).toBe('2026-06-11');
  });
});
