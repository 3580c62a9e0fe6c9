import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import type { FinanceRepository, OrderFacts } from '../domain/finance.repository.port';
import { OrderLedger } from '../domain/ledger';
import { Payment, type PaymentMethod, type PaymentType, type RateSource } from '../domain/payment';

interface LedgerRow {
  order_id: string;
  number: string;
  currency: string;
  status: string;
  paid: string;
  refunded: string;
  supplier_paid: string;
  supplier_refunded: string;
  fx_difference: string;
}

interface PaymentRow {
  id: string;
  order_id: string;
  number: string;
  type: PaymentType;
  amount: string;
  currency: string;
  rate: string;
  rate_source: RateSource;
  rate_date: string | null;
  order_currency: string;
  amount_in_order_currency: string;
  order_rate: string | null;
  fx_difference: string;
  method: PaymentMethod;
  reference: string | null;
  note: string | null;
  service_id: string | null;
  supplier: string | null;
  paid_at: Date;
  reversal_of: string | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  created_by: string | null;
}

const trimRate = (v: string | null) =>
  v === null ? null : v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;

@Injectable()
export class SqlFinanceRepository implements FinanceRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async upsertOrderFacts(f: OrderFacts): Promise<void> {
    await this.upsertOrderFactsMany([f]);
  }

  async upsertOrderFactsMany(facts: readonly OrderFacts[]): Promise<void> {
    if (facts.length === 0) return;
    // in order id order: two batches touching the same orders lock them in the same order
    const rows = [...facts].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
    const col = <T>(f: (x: OrderFacts) => T): T[] => rows.map(f);
    // sent with the COMMIT (the unit of work's `write`)
    await this.uow.write(
      'finance.upsert-order-facts',
      `INSERT INTO finance_orders (order_id, number, status, currency, client_id, manager_id, deadline,
                                   order_created_at, total_amount, commission, supplier_cost, order_version, deleted)
       SELECT order_id, number, status, currency, client_id, manager_id, deadline, order_created_at, total_amount,
              commission, supplier_cost, order_version, false
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::timestamptz[],
                     $8::timestamptz[], $9::numeric[], $10::numeric[], $11::numeric[], $12::int[])
              AS f(order_id, number, status, currency, client_id, manager_id, deadline, order_created_at,
                   total_amount, commission, supplier_cost, order_version)
       ON CONFLICT (order_id) DO UPDATE SET
         number = EXCLUDED.number, status = EXCLUDED.status, currency = EXCLUDED.currency,
         client_id = EXCLUDED.client_id, manager_id = EXCLUDED.manager_id, deadline = EXCLUDED.deadline,
         total_amount = EXCLUDED.total_amount, commission = EXCLUDED.commission,
         supplier_cost = EXCLUDED.supplier_cost, order_version = EXCLUDED.order_version,
         deleted = false, updated_at = now()
       WHERE finance_orders.order_version <= EXCLUDED.order_version`,
      [
        col((f) => f.orderId),
        col((f) => f.number),
        col((f) => f.status),
        col((f) => f.currency),
        col((f) => f.clientId),
        col((f) => f.managerId),
        col((f) => f.deadline),
        col((f) => f.createdAt),
        col((f) => f.totalAmount),
        col((f) => f.commission),
        col((f) => f.supplierCost),
        col((f) => f.version),
      ],
    );
  }

  async markOrderDeleted(orderId: string): Promise<void> {
    await this.uow.sql(`UPDATE finance_orders SET deleted = true, updated_at = now() WHERE order_id = $1`, [
      orderId,
    ]);
  }

  async lockLedger(orderId: string): Promise<OrderLedger | null> {
    const [r] = await this.uow.rows<LedgerRow>(
      `SELECT order_id, number, currency, status, paid, refunded, supplier_paid, supplier_refunded, fx_difference
         FROM finance_orders WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    if (!r) return null;
    return new OrderLedger(r.order_id, r.number, r.currency, r.status, {
      paid: r.paid,
      refunded: r.refunded,
      supplierPaid: r.supplier_paid,
      supplierRefunded: r.supplier_refunded,
      fxDifference: r.fx_difference,
    });
  }

  async saveLedger(ledger: OrderLedger): Promise<void> {
    const s = ledger.current;
    await this.uow.sql(
      `UPDATE finance_orders SET paid = $2, refunded = $3, supplier_paid = $4, supplier_refunded = $5,
              fx_difference = $6, updated_at = now()
        WHERE order_id = $1`,
      [ledger.orderId, s.paid, s.refunded, s.supplierPaid, s.supplierRefunded, s.fxDifference],
    );
  }

  async findPayment(id: string, forUpdate: boolean): Promise<Payment | null> {
    const [r] = await this.uow.rows<PaymentRow>(
      `SELECT p.*, to_char(p.rate_date, 'YYYY-MM-DD') AS rate_date, o.number
         FROM payments p JOIN finance_orders o ON o.order_id = p.order_id
        WHERE p.id = $1 ${forUpdate ? 'FOR UPDATE OF p' : ''}`,
      [id],
    );
    if (!r) return null;
    return Payment.reconstitute(r.id, {
      orderId: r.order_id,
      orderNumber: r.number,
      type: r.type,
      amount: r.amount,
      currency: r.currency.trim(),
      rate: trimRate(r.rate)!,
      rateSource: r.rate_source,
      rateDate: r.rate_date,
      orderCurrency: r.order_currency.trim(),
      amountInOrderCurrency: r.amount_in_order_currency,
      orderRate: trimRate(r.order_rate),
      fxDifference: r.fx_difference,
      method: r.method,
      reference: r.reference,
      note: r.note,
      serviceId: r.service_id,
      supplier: r.supplier,
      paidAt: r.paid_at,
      reversalOf: r.reversal_of,
      cancelledBy: r.cancelled_by,
      cancelledAt: r.cancelled_at,
      cancelReason: r.cancel_reason,
      createdBy: r.created_by,
    });
  }

  async insertPayment(payment: Payment): Promise<void> {
    const p = payment.state;
    await this.uow.sql(
      `INSERT INTO payments (id, order_id, type, amount, currency, rate, rate_source, rate_date, order_currency,
                             amount_in_order_currency, order_rate, fx_difference, method, reference, note,
                             service_id, supplier, paid_at, reversal_of, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        payment.id,
        p.orderId,
        p.type,
        p.amount,
        p.currency,
        p.rate,
        p.rateSource,
        p.rateDate,
        p.orderCurrency,
        p.amountInOrderCurrency,
        p.orderRate,
        p.fxDifference,
        p.method,
        p.reference,
        p.note,
        p.serviceId,
        p.supplier,
        p.paidAt.toISOString(),
        p.reversalOf,
        p.createdBy,
      ],
    );
  }

  async saveCancellation(payment: Payment): Promise<void> {
    const p = payment.state;
    await this.uow.sql(
      `UPDATE payments SET cancelled_by = $2, cancelled_at = $3, cancel_reason = $4
        WHERE id = $1 AND cancelled_by IS NULL`,
      [payment.id, p.cancelledBy, p.cancelledAt?.toISOString() ?? null, p.cancelReason],
    );
  }
}
