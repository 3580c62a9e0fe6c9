import { backupsToDelete, isoWeekKey, type BackupRef } from './retention-policy';

/** One backup a day at 02:30 UTC for `days` days ending on `last` (inclusive), newest last. */
function daily(last: string, days: number): BackupRef[] {
  const end = new Date(`${last}T02:30:00Z`).getTime();
  return Array.from({ length: days }, (_, i) => {
    const at = new Date(end - (days - 1 - i) * 86400000);
    return { id: at.toISOString().slice(0, 10), createdAt: at };
  });
}

const ids = (bs: BackupRef[]): string[] => bs.map((b) => b.id).sort();

describe('backup retention policy', () => {
  it('keeps 7 days, 4 ISO weeks and 12 months of a year of daily backups when the default policy applies', () => {
    const all = daily('2026-12-01', 400);
    const deleted = new Set(ids(backupsToDelete(all, { daily: 7, weekly: 4, monthly: 12 })));
    const kept = all
      .map((b) => b.id)
      .filter((id) => !deleted.has(id))
      .sort();
    expect(kept).toEqual(
      [
        // the last 7 days
        '2026-11-25',
        '2026-11-26',
        '2026-11-27',
        '2026-11-28',
        '2026-11-29',
        '2026-11-30',
        '2026-12-01',
        // newest of each of the last 4 ISO weeks (weeks end on Sunday): W49 (12-01), W48 (11-29), W47 (11-22), W46 (11-15)
        '2026-11-22',
        '2026-11-15',
        // newest of each of the last 12 months: Dec (12-01), Nov (11-30), Oct 31 … Jan 31
        '2026-10-31',
        '2026-09-30',
        '2026-08-31',
        '2026-07-31',
        '2026-06-30',
        '2026-05-31',
        '2026-04-30',
        '2026-03-31',
        '2026-02-28',
        '2026-01-31',
      ].sort(),
    );
    expect(deleted.size).toBe(400 - kept.length);
  });

  it('keeps the newest backup when the policy keeps nothing', () => {
    const all = daily('2026-12-01', 3);
    expect(ids(backupsToDelete(all, { daily: 0, weekly: 0, monthly: 0 }))).toEqual([
      '2026-11-29',
      '2026-11-30',
    ]);
  });

  it('keeps only the newest of several backups on one day when only days count', () => {
    const at = (h: number): BackupRef => ({ id: `h${h}`, createdAt: new Date(Date.UTC(2026, 11, 1, h)) });
    const all = [at(1), at(9), at(17), { id: 'prev', createdAt: new Date(Date.UTC(2026, 10, 30, 23)) }];
    expect(ids(backupsToDelete(all, { daily: 2, weekly: 0, monthly: 0 }))).toEqual(['h1', 'h9']);
  });

  it('deletes nothing when there are fewer backups than the policy keeps', () => {
    expect(backupsToDelete(daily('2026-12-01', 5), { daily: 7, weekly: 4, monthly: 12 })).toEqual([]);
    expect(backupsToDelete([], { daily: 7, weekly: 4, monthly: 12 })).toEqual([]);
  });

  it('names ISO weeks across a year boundary when the year starts mid-week', () => {
    expect(isoWeekKey(new Date('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-03T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-04T12:00:00Z'))).toBe('2027-W01');
    expect(isoWeekKey(new Date('2024-12-30T12:00:00Z'))).toBe('2025-W01');
  });
});
