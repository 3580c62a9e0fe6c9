import type { Diff } from '../../../shared/domain/domain-event';
import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';

/** Finance's published events (version 1 = the unversioned shape stored before, plus `v`). */
export const FINANCE_EVENTS = {
  paymentRecorded: 'finance.payment-recorded',
  paymentCancelled: 'finance.payment-cancelled',
  rateRecorded: 'finance.rate-recorded',
  ratesImported: 'finance.rates-imported',
} as const;

/** A payment, refund or supplier payment of an order (entity `payment`; `orderId` names the order). */
export interface PaymentRecordedV1 {
  v: 1;
  orderId: string;
  orderNumber: string;
  /** payment | refund | supplier_payment | supplier_refund */
  type: string;
  /** Decimal strings. */
  amount: string;
  currency: string;
  rate: string;
  rateSource: string;
  orderCurrency: string;
  amountInOrderCurrency: string;
  method: string;
  /** ISO 8601. */
  paidAt: string;
  diff: Diff;
}

/** A payment cancelled by a reversal entry (`reversalId`), which restores the balance. */
export interface PaymentCancelledV1 extends PaymentRecordedV1 {
  reversalId: string;
  reason: string | null;
}

export interface RateRecordedV1 {
  v: 1;
  currency: string;
  date: string;
  rate: string;
  diff: Diff;
}

export interface RatesImportedV1 {
  v: 1;
  date: string;
  source: string;
  count: number;
  diff: Diff;
}

export interface FinanceEventPayloads {
  'finance.payment-recorded': PaymentRecordedV1;
  'finance.payment-cancelled': PaymentCancelledV1;
  'finance.rate-recorded': RateRecordedV1;
  'finance.rates-imported': RatesImportedV1;
}

export type FinanceEvent = EnvelopeOf<FinanceEventPayloads>;

/** Every finance payload's v1 is its unversioned shape plus `v`: the default step. */
export const FINANCE_UPCASTERS: UpcasterTable = {};
