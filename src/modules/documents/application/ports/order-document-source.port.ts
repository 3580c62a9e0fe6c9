import type { OrderSnapshot } from '../../domain/order-snapshot';

export const ORDER_DOCUMENT_SOURCE = Symbol('ORDER_DOCUMENT_SOURCE');

/**
 * Where documents get an order from. The adapter asks the orders module (its GetOrderQuery) and
 * the clients module (GetClientSummariesQuery) over the QueryBus; it never reads their tables.
 */
export interface OrderDocumentSource {
  /** The live order, or null when it does not exist (or was deleted). */
  load(orderId: string): Promise<OrderSnapshot | null>;
}
