import { Query } from '@nestjs/cqrs';
import type { ReportFilters, ReportPage, ReportWindow } from './report-filters';

export interface ManagersReportRow {
  managerId: string | null;
  /** The manager's name from the staff directory (null: no manager). */
  managerName: string | null;
  currency: string;
  orders: number;
  turnover: string;
  commission: string;
  paid: string;
  debt: string;
}

export interface ManagersReportTotals {
  currency: string;
  orders: number;
  turnover: string;
  commission: string;
  paid: string;
  debt: string;
}

/** One row per manager and currency over non-cancelled orders of the period; largest turnover first. */
export class ManagersReportQuery extends Query<ReportPage<ManagersReportRow, ManagersReportTotals>> {
  constructor(
    readonly filters: ReportFilters,
    readonly window: ReportWindow,
  ) {
    super();
  }
}
