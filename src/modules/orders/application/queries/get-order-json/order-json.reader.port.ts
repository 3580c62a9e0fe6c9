import type { Conflict } from '../../../domain/conflicts.policy';
import type { OrderListRow } from '../../order.view';
import type { SupplierOfService } from '../../services/cross-border-conflicts';

/** One live order read for `GET /orders/{id}`, its services already rendered as the API's JSON text. */
export interface OrderJsonRow extends OrderListRow {
  note: string | null;
  applicationId: string | null;
  cancelReason: string | null;
  createdBy: string | null;
  updatedBy: string | null;
  conflicts: Conflict[];
  /** The services as the API's JSON array (`ServiceView[]`), not parsed: spliced into the body. */
  servicesJson: string;
  /** Services with a supplier country, in itinerary order, for the cross-border warnings. */
  abroad: SupplierOfService[];
}

export const ORDER_JSON_READER = Symbol('ORDER_JSON_READER');

export interface OrderJsonReader {
  /** Null when the order is absent or deleted. One statement. */
  read(id: string): Promise<OrderJsonRow | null>;
}
