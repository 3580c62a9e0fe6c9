import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import { PAYMENT_COLUMNS, type PaymentRow, type PaymentView, paymentView } from '../../payment.view';
import { ListPaymentsQuery } from './list-payments.query';

@QueryHandler(ListPaymentsQuery)
export class ListPaymentsHandler implements IQueryHandler<ListPaymentsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ filters: f, window: w }: ListPaymentsQuery): Promise<Page<PaymentView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.orderId) add('p.order_id = ?', f.orderId);
    if (f.type) add('p.type = ?', f.type);
    if (f.method) add('p.method = ?', f.method);
    if (f.currency) add('p.currency = ?', f.currency.toUpperCase());
    if (f.createdBy) add('p.created_by = ?', f.createdBy);
    if (f.from) add('p.paid_at >= ?', f.from);
    if (f.to) add('p.paid_at < ?', f.to);
    if (f.includeCancelled === false) where.push('p.cancelled_by IS NULL AND p.reversal_of IS NULL');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.uow.rows<{ total: number }>(
      `SELECT count(*)::int AS total FROM payments p ${clause}`,
      params,
    );
    const rows = await this.uow.rows<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments p JOIN finance_orders o ON o.order_id = p.order_id
        ${clause} ORDER BY p.paid_at, p.id LIMIT ${w.limit} OFFSET ${w.offset}`,
      params,
    );
    return pageOf(rows.map(paymentView), total, w);
  }
}
