import { Query } from '@nestjs/cqrs';
import type { ReportFilters, ReportPage, ReportWindow } from './report-filters';

export interface ClientsReportRow {
  clientId: string;
  clientName: string | null;
  currency: string;
  orders: number;
  /** Σ order totals */
  turnover: string;
  /** Σ client payments net of refunds */
  paid: string;
  /** Σ max(total − net paid, 0) */
  debt: string;
}

export interface ClientsReportTotals {
  currency: string;
  clients: number;
  orders: number;
  turnover: string;
  paid: string;
  debt: string;
}

/** One row per payer and currency over non-cancelled orders; largest turnover first. */
export class ClientsReportQuery extends Query<ReportPage<ClientsReportRow, ClientsReportTotals>> {
  constructor(
    readonly filters: ReportFilters,
    readonly window: ReportWindow,
    readonly sort: 'turnover' | 'debt' | 'paid' | 'orders' = 'turnover',
  ) {
    super();
  }
}
