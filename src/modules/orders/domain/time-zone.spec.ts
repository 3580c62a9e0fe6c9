import { isoInZone, localLabel, offsetMinutes } from './time-zone';

describe('time zones', () => {
  it('renders an instant with the local offset of the zone, summer and winter', () => {
    const t = new Date('2027-06-01T12:00:00Z');
    expect(isoInZone(t, 'Europe/Moscow')).toBe('2027-06-01T15:00:00+03:00');
    expect(isoInZone(t, 'Europe/Paris')).toBe('2027-06-01T14:00:00+02:00');
    expect(isoInZone(new Date('2027-01-15T12:00:00Z'), 'Europe/Paris')).toBe('2027-01-15T13:00:00+01:00');
    expect(isoInZone(t, 'America/New_York')).toBe('2027-06-01T08:00:00-04:00');
    expect(isoInZone(t, 'Asia/Kolkata')).toBe('2027-06-01T17:30:00+05:30');
    expect(offsetMinutes(t, 'UTC')).toBe(0);
  });

  it('labels local wall-clock time for Russian messages', () => {
    expect(localLabel(new Date('2027-06-01T21:30:00Z'), 'Europe/Moscow')).toBe('02.06.2027 00:30');
  });
});
