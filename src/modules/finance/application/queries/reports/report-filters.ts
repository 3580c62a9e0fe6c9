import type { PageWindow } from '../../../../../shared/pagination/page';

export interface ReportFilters {
  /** Orders created at or after. */
  from?: string;
  /** Orders created before. */
  to?: string;
  managerId?: string;
  clientId?: string;
  status?: string;
  currency?: string;
}

/** A report page: rows, the row count, and per-currency totals over every matching row (not just the page). */
export interface ReportPage<R, T> {
  items: R[];
  total: number;
  nextCursor: string | null;
  totals: T[];
}

/** `window: null` means every row (CSV). */
export type ReportWindow = PageWindow | null;

/** WHERE conditions on `finance_orders o` for the filters; parameters are appended to `params`. */
export function orderConditions(f: ReportFilters, params: unknown[]): string[] {
  const where = ['NOT o.deleted'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.from) add('o.order_created_at >= ?', f.from);
  if (f.to) add('o.order_created_at < ?', f.to);
  if (f.managerId) add('o.manager_id = ?', f.managerId);
  if (f.clientId) add('o.client_id = ?', f.clientId);
  if (f.status) add('o.status = ?', f.status);
  if (f.currency) add('o.currency = ?', f.currency.toUpperCase());
  return where;
}

export function limitClause(w: ReportWindow): string {
  return w ? `LIMIT ${w.limit} OFFSET ${w.offset}` : 'LIMIT 100000';
}
