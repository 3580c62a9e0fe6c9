import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { OrderStatus } from '../../../domain/order-status';
import type { OrderListItemView } from '../../order.view';

export interface OrderFilters {
  status?: OrderStatus;
  clientId?: string;
  managerId?: string;
  travellerId?: string;
  /** Orders with a service ending at or after this instant (ISO 8601 with offset). */
  serviceFrom?: string;
  /** Orders with a service starting at or before this instant. */
  serviceTo?: string;
  deadlineBefore?: string;
  /** Part of the number or of the payer's name. */
  q?: string;
  /** `pending`, `rejected` or `pending,rejected`: orders with a service in that confirmation state. */
  confirmation?: string;
  sort?: string;
}

export class ListOrdersQuery extends Query<Page<OrderListItemView>> {
  constructor(
    readonly filters: OrderFilters,
    readonly window: PageWindow,
  ) {
    super();
  }
}
