import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';

export interface PaymentEventPayload {
  orderId: string;
  orderNumber: string;
  type: string;
  amount: string;
  currency: string;
  rate: string;
  rateSource: string;
  orderCurrency: string;
  amountInOrderCurrency: string;
  method: string;
  paidAt: string;
  diff: Diff;
}

/** A payment, refund or supplier payment was recorded (entity `payment`; `orderId` ties it to the order). */
export class PaymentRecorded extends DomainEvent<PaymentEventPayload> {
  static readonly eventName = 'finance.payment-recorded';
  constructor(id: string, payload: PaymentEventPayload) {
    super(PaymentRecorded.eventName, 'payment', id, 1, payload);
  }
}

/** A payment was cancelled by a reversal entry (`reversalId`), which restores the balance. */
export class PaymentCancelled extends DomainEvent<
  PaymentEventPayload & { reversalId: string; reason: string | null }
> {
  static readonly eventName = 'finance.payment-cancelled';
  constructor(id: string, payload: PaymentEventPayload & { reversalId: string; reason: string | null }) {
    super(PaymentCancelled.eventName, 'payment', id, 2, payload);
  }
}
