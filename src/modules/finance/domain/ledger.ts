import Decimal from 'decimal.js';
import { money } from '../../../shared/domain/money';
import type { PaymentType } from './payment';

/** The running sums of one order in its currency (the finance_orders balance row). */
export interface LedgerSums {
  paid: string;
  refunded: string;
  supplierPaid: string;
  supplierRefunded: string;
  fxDifference: string;
}

export const EMPTY_SUMS: LedgerSums = Object.freeze({
  paid: '0.00',
  refunded: '0.00',
  supplierPaid: '0.00',
  supplierRefunded: '0.00',
  fxDifference: '0.00',
});

const FIELD: Record<PaymentType, keyof Omit<LedgerSums, 'fxDifference'>> = {
  payment: 'paid',
  refund: 'refunded',
  supplier_payment: 'supplierPaid',
  supplier_refund: 'supplierRefunded',
};

/** An order's balance row: what the client and the suppliers were paid, in the order currency. */
export class OrderLedger {
  constructor(
    readonly orderId: string,
    readonly number: string,
    readonly currency: string,
    readonly status: string,
    private sums: LedgerSums,
  ) {}

  get current(): LedgerSums {
    return { ...this.sums };
  }

  /** What a refund of this type may be at most: paid net of earlier refunds. */
  refundLimit(type: 'refund' | 'supplier_refund'): Decimal {
    return type === 'refund'
      ? new Decimal(this.sums.paid).minus(this.sums.refunded)
      : new Decimal(this.sums.supplierPaid).minus(this.sums.supplierRefunded);
  }

  /** Adds an entry (negative amounts for reversals). */
  apply(type: PaymentType, amountInOrderCurrency: Decimal.Value, fxDifference: Decimal.Value): void {
    const f = FIELD[type];
    this.sums = {
      ...this.sums,
      [f]: money(new Decimal(this.sums[f]).plus(amountInOrderCurrency)),
      fxDifference: money(new Decimal(this.sums.fxDifference).plus(fxDifference)),
    };
  }
}
