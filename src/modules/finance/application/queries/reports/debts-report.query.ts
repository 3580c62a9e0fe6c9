import { Query } from '@nestjs/cqrs';
import type { ReportFilters, ReportPage, ReportWindow } from './report-filters';

export interface ClientDebtRow {
  orderId: string;
  number: string;
  status: string;
  clientId: string;
  clientName: string | null;
  managerId: string | null;
  /** From the staff directory; null when unassigned. */
  managerName: string | null;
  deadline: string | null;
  /** Whole days past the deadline's date (Moscow) as of `asOf`; 0 when not yet due or no deadline. */
  daysOverdue: number;
  currency: string;
  totalAmount: string;
  paid: string;
  due: string;
}

export interface SupplierDebtRow {
  orderId: string;
  number: string;
  status: string;
  managerId: string | null;
  /** From the staff directory; null when unassigned. */
  managerName: string | null;
  currency: string;
  supplierCost: string;
  paidToSuppliers: string;
  /** What the agency still owes the order's suppliers. */
  due: string;
}

export interface DebtTotals {
  currency: string;
  orders: number;
  due: string;
}

export type DebtSide = 'clients' | 'suppliers';

/**
 * Debts, largest first: `clients` — live, non-cancelled orders whose client still owes
 * (total − paid + refunded > 0); `suppliers` — orders whose supplier cost is not yet paid.
 */
export class DebtsReportQuery extends Query<ReportPage<ClientDebtRow | SupplierDebtRow, DebtTotals>> {
  constructor(
    readonly side: DebtSide,
    readonly filters: ReportFilters,
    /** YYYY-MM-DD; today in Moscow when omitted. */
    readonly asOf: string,
    readonly window: ReportWindow,
  ) {
    super();
  }
}
