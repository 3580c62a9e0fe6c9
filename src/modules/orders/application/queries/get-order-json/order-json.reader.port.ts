import type { OrderDetailRow } from '../../order.view';
import type { SupplierOfService } from '../../services/cross-border-conflicts';

/** One live order read for `GET /orders/{id}`, its services already rendered as the API's JSON. */
export interface OrderJsonRow extends OrderDetailRow {
  /**
   * The services as the API's JSON array (`ServiceView[]`), UTF-8 bytes as PostgreSQL rendered them:
   * spliced into the body as they are, never decoded into a JS string and encoded again.
   */
  servicesJson: Buffer;
  /** Services with a supplier country, in itinerary order, for the cross-border warnings. */
  abroad: SupplierOfService[];
}

export const ORDER_JSON_READER = Symbol('ORDER_JSON_READER');

export interface OrderJsonReader {
  /** Null when the order is absent or deleted. One statement. */
  read(id: string): Promise<OrderJsonRow | null>;
}
