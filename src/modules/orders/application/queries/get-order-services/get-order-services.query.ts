import { Query } from '@nestjs/cqrs';
import type { ServiceView } from '../../order.view';

/** The services of a live order, in itinerary order; null when the order is absent or deleted. */
export class GetOrderServicesQuery extends Query<ServiceView[] | null> {
  constructor(readonly orderId: string) {
    super();
  }
}
