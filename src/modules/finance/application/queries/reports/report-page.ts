import { pageOf } from '../../../../../shared/pagination/page';
import type { ReportPage, ReportWindow } from './report-filters';

export function pageOrAll<R, T>(
  items: R[],
  total: number,
  totals: T[],
  window: ReportWindow,
): ReportPage<R, T> {
  if (!window) return { items, total, nextCursor: null, totals };
  return { ...pageOf(items, total, window), totals };
}
