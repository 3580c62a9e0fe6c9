import { DomainEvent } from '../../../shared/domain/domain-event';
import type { Unversioned } from '../../../shared/domain/event-contract';
import { FINANCE_EVENTS, type PaymentCancelledV1, type PaymentRecordedV1 } from '../contracts/finance.events';

export type PaymentEventPayload = Unversioned<PaymentRecordedV1>;

/** A payment, refund or supplier payment was recorded (entity `payment`; `orderId` ties it to the order). */
export class PaymentRecorded extends DomainEvent<PaymentEventPayload> {
  static readonly eventName = FINANCE_EVENTS.paymentRecorded;
  constructor(id: string, payload: PaymentEventPayload) {
    super(PaymentRecorded.eventName, 'payment', id, 1, payload);
  }
}

/** A payment was cancelled by a reversal entry (`reversalId`), which restores the balance. */
export class PaymentCancelled extends DomainEvent<Unversioned<PaymentCancelledV1>> {
  static readonly eventName = FINANCE_EVENTS.paymentCancelled;
  constructor(id: string, payload: Unversioned<PaymentCancelledV1>) {
    super(PaymentCancelled.eventName, 'payment', id, 2, payload);
  }
}
