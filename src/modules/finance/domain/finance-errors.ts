import { DomainError } from '../../../shared/domain/domain-error';

/** A refund larger than what the client (or supplier) has paid net of earlier refunds; names the limit. */
export class RefundLimitError extends DomainError {
  constructor(type: string, requested: string, limit: string, currency: string) {
    super(
      'FINANCE.REFUND_LIMIT',
      `a ${type} of ${requested} ${currency} exceeds what was paid net of earlier refunds: at most ${limit} ${currency}`,
      { limit, requested, currency },
    );
  }
}

/** A cancelled order takes refunds only. */
export class OrderCancelledError extends DomainError {
  constructor(orderId: string, type: string) {
    super('FINANCE.ORDER_CANCELLED', `order ${orderId} is cancelled; it takes refunds only, not a ${type}`, {
      allowed: ['refund', 'supplier_refund'],
    });
  }
}

/** The payment is already cancelled or is itself a reversal entry. */
export class PaymentNotCancellableError extends DomainError {
  constructor(id: string, why: string) {
    super('FINANCE.NOT_CANCELLABLE', `payment ${id} cannot be cancelled: ${why}`);
  }
}
