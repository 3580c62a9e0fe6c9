/** How many backups to keep per calendar bucket (BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY). */
export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export interface BackupRef {
  id: string;
  createdAt: Date;
}

/**
 * Grandfather-father-son retention: the newest backup of each of the last `daily` days that have
 * one, of the last `weekly` ISO weeks and of the last `monthly` months is kept (a backup may count
 * for several buckets); every other backup is returned for deletion. The newest backup is always
 * kept, whatever the policy. Days, weeks and months are taken in UTC.
 */
export function backupsToDelete(backups: readonly BackupRef[], policy: RetentionPolicy): BackupRef[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set<string>();
  if (newestFirst.length > 0) keep.add(newestFirst[0].id);
  const buckets: Array<[number, (d: Date) => string]> = [
    [policy.daily, dayKey],
    [policy.weekly, isoWeekKey],
    [policy.monthly, monthKey],
  ];
  for (const [count, keyOf] of buckets) {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      if (seen.size >= count) break;
      const k = keyOf(b.createdAt);
      if (seen.has(k)) continue;
      seen.add(k);
      keep.add(b.id);
    }
  }
  return newestFirst.filter((b) => !keep.has(b.id));
}

function dayKey(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function monthKey(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** ISO 8601 week (Monday first; week 1 holds the year's first Thursday), e.g. `2026-W49`. */
export function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
