import type { OrderLedger } from './ledger';
import type { Payment } from './payment';

export const FINANCE_REPOSITORY = Symbol('FINANCE_REPOSITORY');

/** The order figures finance keeps (from the orders module's query), by order id. */
export interface OrderFacts {
  orderId: string;
  number: string;
  status: string;
  currency: string;
  clientId: string;
  managerId: string | null;
  deadline: string | null;
  createdAt: string;
  totalAmount: string;
  commission: string;
  supplierCost: string;
  version: number;
}

export interface FinanceRepository {
  /** Inserts or refreshes the order's facts (never its sums); a stale version changes nothing. */
  upsertOrderFacts(facts: OrderFacts): Promise<void>;
  /** {@link upsertOrderFacts} for several orders (each at most once) in one statement. */
  upsertOrderFactsMany(facts: readonly OrderFacts[]): Promise<void>;
  markOrderDeleted(orderId: string): Promise<void>;
  /** Locks the order's balance row until the transaction ends and loads it; null when unknown. */
  lockLedger(orderId: string): Promise<OrderLedger | null>;
  saveLedger(ledger: OrderLedger): Promise<void>;
  findPayment(id: string, forUpdate: boolean): Promise<Payment | null>;
  insertPayment(payment: Payment): Promise<void>;
  saveCancellation(payment: Payment): Promise<void>;
}
