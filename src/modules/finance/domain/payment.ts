import Decimal from 'decimal.js';
import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { ValidationError } from '../../../shared/domain/domain-error';
import { OrderCancelledError, PaymentNotCancellableError, RefundLimitError } from './finance-errors';
import type { OrderLedger } from './ledger';
import { money, rateString } from '../../../shared/domain/money';
import { PaymentCancelled, type PaymentEventPayload, PaymentRecorded } from './payment.events';

export const PAYMENT_TYPES = ['payment', 'refund', 'supplier_payment', 'supplier_refund'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];
export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'online'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** `parity`: the payment is in the order currency (rate 1). */
export type RateSource = 'manual' | 'cbr' | 'parity';

/** Money the client pays in or the agency pays out; the sign of an entry's FX difference. */
const FX_SIGN: Record<PaymentType, number> = {
  payment: 1,
  refund: -1,
  supplier_payment: -1,
  supplier_refund: 1,
};

export interface FixedRate {
  /** Payment currency → order currency. */
  rate: string;
  source: RateSource;
  /** The rate's date (CBR) or null. */
  date: string | null;
}

export interface PaymentProps {
  orderId: string;
  orderNumber: string;
  type: PaymentType;
  amount: string;
  currency: string;
  rate: string;
  rateSource: RateSource;
  rateDate: string | null;
  orderCurrency: string;
  amountInOrderCurrency: string;
  /** The rate the order's services carry for this currency, when they carry one. */
  orderRate: string | null;
  fxDifference: string;
  method: PaymentMethod;
  reference: string | null;
  note: string | null;
  serviceId: string | null;
  supplier: string | null;
  paidAt: Date;
  reversalOf: string | null;
  cancelledBy: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdBy: string | null;
}

export interface RecordPaymentInput {
  type: PaymentType;
  amount: string;
  currency: string;
  method: PaymentMethod;
  paidAt: Date;
  reference?: string | null;
  note?: string | null;
  serviceId?: string | null;
  supplier?: string | null;
}

/** What a payment needs to know of the order's services (through the orders module's query). */
export interface PaymentOrderService {
  id: string;
  supplier: string | null;
  currency: string;
  rate: string;
}

/**
 * A payment entry. Immutable once recorded except for being cancelled, which never deletes: it
 * links a reversal entry (negative amounts, same rate) that takes the amounts back out of the
 * order's balance.
 */
export class Payment extends AggregateRoot {
  private constructor(
    id: string,
    version: number,
    private props: PaymentProps,
  ) {
    super(id, version);
  }

  static reconstitute(id: string, props: PaymentProps): Payment {
    return new Payment(id, props.cancelledBy ? 2 : 1, props);
  }

  get state(): Readonly<PaymentProps> {
    return this.props;
  }

  /**
   * The supplier an entry names: only supplier payments and refunds refer to a service, which
   * must be one of the order's; the service's supplier is taken when none is given.
   */
  static supplierOf(
    input: Pick<RecordPaymentInput, 'type' | 'serviceId' | 'supplier'>,
    services: readonly PaymentOrderService[],
  ): string | null {
    const supplier = input.supplier ?? null;
    if (!input.serviceId) return supplier;
    const service = services.find((s) => s.id === input.serviceId);
    if (!service) throw ValidationError.field('serviceId', 'serviceId is not a service of this order');
    if (input.type !== 'supplier_payment' && input.type !== 'supplier_refund')
      throw ValidationError.field('serviceId', 'only supplier payments refer to a service');
    return supplier ?? service.supplier;
  }

  /** The rate the order's services carry for `currency` (the first such service's), if any. */
  static orderRateFor(
    orderCurrency: string,
    services: readonly PaymentOrderService[],
    currency: string,
  ): string | null {
    if (currency === orderCurrency) return null;
    return services.find((s) => s.currency === currency)?.rate ?? null;
  }

  /**
   * Records an entry against the order's ledger (locked by the caller): checks the rules, fixes the
   * rate and the converted amount, moves the ledger's sums and records `finance.payment-recorded`.
   */
  static record(
    id: string,
    input: RecordPaymentInput,
    ledger: OrderLedger,
    rate: FixedRate,
    orderRate: string | null,
    createdBy: string | null,
  ): Payment {
    const amount = new Decimal(input.amount);
    if (!amount.isFinite() || amount.lte(0))
      throw ValidationError.field('amount', 'amount must be greater than 0');
    if (amount.decimalPlaces() > 2) throw ValidationError.field('amount', 'amount has at most 2 decimals');
    const isRefund = input.type === 'refund' || input.type === 'supplier_refund';
    if (ledger.status === 'cancelled' && !isRefund) throw new OrderCancelledError(ledger.orderId, input.type);
    const inOrder = money(amount.times(rate.rate));
    if (isRefund) {
      const limit = ledger.refundLimit(input.type as 'refund' | 'supplier_refund');
      if (new Decimal(inOrder).gt(limit)) {
        throw new RefundLimitError(input.type, inOrder, money(Decimal.max(limit, 0)), ledger.currency);
      }
    }
    const fx =
      orderRate === null
        ? '0.00'
        : money(amount.times(new Decimal(rate.rate).minus(orderRate)).times(FX_SIGN[input.type]));
    const payment = new Payment(id, 0, {
      orderId: ledger.orderId,
      orderNumber: ledger.number,
      type: input.type,
      amount: money(amount),
      currency: input.currency,
      rate: rateString(rate.rate),
      rateSource: rate.source,
      rateDate: rate.date,
      orderCurrency: ledger.currency,
      amountInOrderCurrency: inOrder,
      orderRate: orderRate === null ? null : rateString(orderRate),
      fxDifference: fx,
      method: input.method,
      reference: input.reference ?? null,
      note: input.note ?? null,
      serviceId: input.serviceId ?? null,
      supplier: input.supplier ?? null,
      paidAt: input.paidAt,
      reversalOf: null,
      cancelledBy: null,
      cancelledAt: null,
      cancelReason: null,
      createdBy,
    });
    ledger.apply(input.type, inOrder, fx);
    payment.record(new PaymentRecorded(id, payment.eventPayload(true)));
    return payment;
  }

  /**
   * Cancels by a reversal entry dated `now`; the ledger gets the amounts back. Cancelling a client
   * payment may not leave refunds larger than payments (refund first).
   */
  cancel(
    reversalId: string,
    reason: string | null,
    ledger: OrderLedger,
    by: string | null,
    now: Date,
  ): Payment {
    const p = this.props;
    if (p.reversalOf) throw new PaymentNotCancellableError(this.id, 'it is itself a reversal entry');
    if (p.cancelledBy) throw new PaymentNotCancellableError(this.id, `already cancelled by ${p.cancelledBy}`);
    if (p.type === 'payment' || p.type === 'supplier_payment') {
      const refundType = p.type === 'payment' ? 'refund' : 'supplier_refund';
      const left = ledger.refundLimit(refundType).minus(p.amountInOrderCurrency);
      if (left.lt(0)) {
        throw new PaymentNotCancellableError(
          this.id,
          `refunds already exceed the other payments by ${money(left.neg())} ${p.orderCurrency}; cancel a refund first`,
        );
      }
    }
    const negate = (v: string) => money(new Decimal(v).neg());
    const reversal = new Payment(reversalId, 1, {
      ...p,
      amount: negate(p.amount),
      amountInOrderCurrency: negate(p.amountInOrderCurrency),
      fxDifference: negate(p.fxDifference),
      reference: p.reference,
      note: reason,
      paidAt: now,
      reversalOf: this.id,
      cancelledBy: null,
      cancelledAt: null,
      cancelReason: null,
      createdBy: by,
    });
    ledger.apply(p.type, reversal.props.amountInOrderCurrency, reversal.props.fxDifference);
    this.props = { ...p, cancelledBy: reversalId, cancelledAt: now, cancelReason: reason };
    this.record(
      new PaymentCancelled(this.id, {
        ...this.eventPayload(false),
        reversalId,
        reason,
        diff: { cancelled: { from: false, to: true }, cancelledBy: { from: null, to: reversalId } },
      }),
    );
    return reversal;
  }

  private eventPayload(created: boolean): PaymentEventPayload {
    const p = this.props;
    const shown = {
      type: p.type,
      amount: p.amount,
      currency: p.currency,
      rate: p.rate,
      rateSource: p.rateSource,
      amountInOrderCurrency: p.amountInOrderCurrency,
      method: p.method,
      paidAt: p.paidAt.toISOString(),
      reference: p.reference,
    };
    const diff = created
      ? Object.fromEntries(Object.entries(shown).map(([k, v]) => [k, { from: null, to: v }]))
      : {};
    return {
      orderId: p.orderId,
      orderNumber: p.orderNumber,
      type: p.type,
      amount: p.amount,
      currency: p.currency,
      rate: p.rate,
      rateSource: p.rateSource,
      orderCurrency: p.orderCurrency,
      amountInOrderCurrency: p.amountInOrderCurrency,
      method: p.method,
      paidAt: p.paidAt.toISOString(),
      diff,
    };
  }
}
