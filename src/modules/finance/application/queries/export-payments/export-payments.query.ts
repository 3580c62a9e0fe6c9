import { Query } from '@nestjs/cqrs';
import type { PaymentMethod, PaymentType } from '../../../domain/payment';

export interface ExportedPayment {
  id: string;
  orderNumber: string;
  type: PaymentType;
  amount: string;
  currency: string;
  rate: string;
  amountInOrderCurrency: string;
  orderCurrency: string;
  method: PaymentMethod;
  reference: string | null;
  note: string | null;
  paidAt: string;
  /** The client (payments, refunds) or the supplier (supplier payments and refunds). */
  counterparty: string | null;
}

/**
 * The live payment entries (not cancelled, not reversals) paid in [from, to), by paidAt then id:
 * a pure function of the current data, so re-running an export of a period gives its current state.
 */
export class ExportPaymentsQuery extends Query<ExportedPayment[]> {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
}
