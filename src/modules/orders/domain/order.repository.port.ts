import type { Order } from './order';

export const ORDER_REPOSITORY = Symbol('ORDER_REPOSITORY');

export interface OrderRepository {
  /** Locks the order row (its own statement) until the transaction ends, then loads the aggregate. */
  findByIdForUpdate(id: string): Promise<Order | null>;
  /** The next gap-free number of `year` (`2026-000123`), taken in the current transaction. */
  nextNumber(year: number): Promise<string>;
  insert(order: Order): Promise<void>;
  /** Optimistic update: ConcurrencyError unless the stored version equals `order.version`. */
  update(order: Order): Promise<void>;
  /** The order a live service belongs to, or null. */
  orderIdOfService(serviceId: string): Promise<string | null>;
  /** Ids of live and deleted orders that point at `clientId` as payer or traveller. */
  idsReferencingClient(clientId: string): Promise<string[]>;
}
