import { Query } from '@nestjs/cqrs';
import type { ReportFilters, ReportPage, ReportWindow } from './report-filters';

export interface OrdersReportRow {
  orderId: string;
  number: string;
  status: string;
  createdAt: string;
  deadline: string | null;
  clientId: string;
  clientName: string | null;
  managerId: string | null;
  /** From the staff directory; null when unassigned. */
  managerName: string | null;
  currency: string;
  totalAmount: string;
  commission: string;
  supplierCost: string;
  /** totalAmount − supplierCost */
  margin: string;
  /** Client payments net of refunds. */
  paid: string;
  /** max(total − net paid, 0) */
  due: string;
  /** max(net paid − total, 0) */
  overpayment: string;
  /** Supplier payments net of supplier refunds. */
  paidToSuppliers: string;
}

export interface OrdersReportTotals {
  currency: string;
  orders: number;
  totalAmount: string;
  commission: string;
  supplierCost: string;
  margin: string;
  paid: string;
  due: string;
  overpayment: string;
  paidToSuppliers: string;
}

/** One row per order with its totals, payments and balance; newest first. */
export class OrdersReportQuery extends Query<ReportPage<OrdersReportRow, OrdersReportTotals>> {
  constructor(
    readonly filters: ReportFilters,
    readonly window: ReportWindow,
  ) {
    super();
  }
}
