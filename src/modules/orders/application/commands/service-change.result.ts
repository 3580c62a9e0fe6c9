import type { Conflict } from '../../domain/conflicts.policy';
import type { OrderTotals } from '../../domain/pricing.policy';
import type { ServiceView } from '../order.view';

/** What a service command returns: the service (null when removed), all conflicts, new version and totals. */
export interface ServiceChangeOutcome {
  orderId: string;
  service: ServiceView | null;
  conflicts: Conflict[];
  orderVersion: number;
  totals: OrderTotals;
}
