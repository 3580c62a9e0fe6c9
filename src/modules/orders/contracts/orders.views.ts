/** The orders module's read views, as other modules receive them from its queries. */
export type { OrderListItemView, OrderView } from '../application/order.view';
