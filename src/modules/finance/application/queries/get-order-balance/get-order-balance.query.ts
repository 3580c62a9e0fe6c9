import { Query } from '@nestjs/cqrs';

export interface OrderBalanceView {
  orderId: string;
  number: string;
  currency: string;
  status: string;
  totalAmount: string;
  commission: string;
  /** Client payments, in the order currency. */
  paid: string;
  /** Refunds to the client. */
  refunded: string;
  /** total − paid + refunded when positive. */
  due: string;
  /** paid − refunded − total when positive. */
  overpayment: string;
  supplierCost: string;
  /** Supplier payments net of supplier refunds. */
  paidToSuppliers: string;
  /** supplier cost − paid to suppliers (positive: the agency still owes). */
  supplierBalance: string;
  /** Cash margin so far: client money kept (paid − refunded) − money paid to suppliers net. */
  realisedMargin: string;
  /** Σ amount × (payment rate − the order's rate for that currency), signed for the agency. */
  fxDifference: string;
}

/** The balance of one order, summed from its payment entries; null when the order is unknown. */
export class GetOrderBalanceQuery extends Query<OrderBalanceView | null> {
  constructor(readonly orderId: string) {
    super();
  }
}
