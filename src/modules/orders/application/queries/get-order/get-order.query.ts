import { Query } from '@nestjs/cqrs';
import type { OrderView } from '../../order.view';

/** One live order with its services, current conflicts and totals; null when absent or deleted. */
export class GetOrderQuery extends Query<OrderView | null> {
  constructor(readonly id: string) {
    super();
  }
}
