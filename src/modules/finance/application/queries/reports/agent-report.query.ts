import { Query } from '@nestjs/cqrs';

export interface AgentReportRow {
  serviceId: string;
  orderId: string;
  orderNumber: string;
  type: string;
  startAt: string;
  bookingRef: string | null;
  currency: string;
  /** What the client pays for the service (price × rate), in the order currency. */
  gross: string;
  /** The agency's commission. */
  commission: string;
  /** gross − commission: due to the supplier. */
  net: string;
}

export interface AgentReportTotals {
  currency: string;
  services: number;
  gross: string;
  commission: string;
  net: string;
}

export interface AgentReport {
  supplier: string;
  month: string;
  items: AgentReportRow[];
  totals: AgentReportTotals[];
}

/** Отчёт агента: the supplier's services that started in the month (Moscow time), with gross, commission and net. */
export class AgentReportQuery extends Query<AgentReport> {
  constructor(
    readonly supplier: string,
    /** YYYY-MM */
    readonly month: string,
  ) {
    super();
  }
}
