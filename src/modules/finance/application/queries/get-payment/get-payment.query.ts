import { Query } from '@nestjs/cqrs';
import type { PaymentView } from '../../payment.view';

/** One payment entry; null when unknown. */
export class GetPaymentQuery extends Query<PaymentView | null> {
  constructor(readonly id: string) {
    super();
  }
}
