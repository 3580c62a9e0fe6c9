import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { PaymentView } from '../../payment.view';

export interface PaymentFilters {
  orderId?: string;
  type?: string;
  method?: string;
  currency?: string;
  createdBy?: string;
  /** paidAt ≥ from */
  from?: string;
  /** paidAt < to */
  to?: string;
  /** false hides cancelled payments and reversal entries */
  includeCancelled?: boolean;
}

/** Payment entries, oldest first by paidAt. */
export class ListPaymentsQuery extends Query<Page<PaymentView>> {
  constructor(
    readonly filters: PaymentFilters,
    readonly window: PageWindow,
  ) {
    super();
  }
}
