import type { PaymentMethod, PaymentType, RateSource } from '../domain/payment';

export interface PaymentView {
  id: string;
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
  orderRate: string | null;
  fxDifference: string;
  method: PaymentMethod;
  reference: string | null;
  note: string | null;
  serviceId: string | null;
  supplier: string | null;
  paidAt: string;
  reversalOf: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdBy: string | null;
  createdAt: string;
}

const trimRate = `rtrim(rtrim(%s::text, '0'), '.')`;

/** Columns of `payments p` joined to `finance_orders o`, aliased to the view's names. */
export const PAYMENT_COLUMNS = `p.id, p.order_id AS "orderId", o.number AS "orderNumber", p.type,
  p.amount::text AS amount, p.currency, ${trimRate.replace('%s', 'p.rate')} AS rate, p.rate_source AS "rateSource",
  to_char(p.rate_date, 'YYYY-MM-DD') AS "rateDate", p.order_currency AS "orderCurrency",
  p.amount_in_order_currency::text AS "amountInOrderCurrency",
  CASE WHEN p.order_rate IS NULL THEN NULL ELSE ${trimRate.replace('%s', 'p.order_rate')} END AS "orderRate",
  p.fx_difference::text AS "fxDifference", p.method, p.reference, p.note, p.service_id AS "serviceId",
  p.supplier, p.paid_at AS "paidAt", p.reversal_of AS "reversalOf", p.cancelled_by AS "cancelledBy",
  p.cancelled_at AS "cancelledAt", p.cancel_reason AS "cancelReason", p.created_by AS "createdBy",
  p.created_at AS "createdAt"`;

type Row = Omit<PaymentView, 'paidAt' | 'cancelledAt' | 'createdAt'> & {
  paidAt: Date;
  cancelledAt: Date | null;
  createdAt: Date;
};

export function paymentView(r: Row): PaymentView {
  return {
    ...r,
    currency: r.currency.trim(),
    orderCurrency: r.orderCurrency.trim(),
    paidAt: r.paidAt.toISOString(),
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
export type PaymentRow = Row;
