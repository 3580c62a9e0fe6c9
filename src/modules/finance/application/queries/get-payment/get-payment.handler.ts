import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { PAYMENT_COLUMNS, type PaymentRow, type PaymentView, paymentView } from '../../payment.view';
import { GetPaymentQuery } from './get-payment.query';

@QueryHandler(GetPaymentQuery)
export class GetPaymentHandler implements IQueryHandler<GetPaymentQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ id }: GetPaymentQuery): Promise<PaymentView | null> {
    const [row] = await this.uow.rows<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN finance_orders o ON o.order_id = p.order_id WHERE p.id = $1`,
      [id],
    );
    return row ? paymentView(row) : null;
  }
}
