import { Query } from '@nestjs/cqrs';

export interface SupplierServiceView {
  serviceId: string;
  orderId: string;
  orderNumber: string;
  orderStatus: string;
  /** The order currency: `amount` and `commissionAmount` are in it. */
  orderCurrency: string;
  type: string;
  startAt: string;
  endAt: string;
  supplier: string;
  price: string;
  currency: string;
  rate: string;
  /** price × rate in the order currency (gross). */
  amount: string;
  commissionAmount: string;
  bookingRef: string | null;
}

/**
 * Contract for other modules (finance: the agent report): services of one supplier (exact name)
 * starting in [from, to) on live, non-cancelled orders, by start time.
 */
export class ListSupplierServicesQuery extends Query<SupplierServiceView[]> {
  constructor(
    readonly supplier: string,
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
}
