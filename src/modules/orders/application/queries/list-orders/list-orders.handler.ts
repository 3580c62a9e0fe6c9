import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type FieldError, ValidationError } from '../../../../../shared/domain/domain-error';
import { type Page, pageOf, sortClause } from '../../../../../shared/pagination/page';
import { parseInstant } from '../../../domain/service';
import {
  ORDER_LIST_COLUMNS,
  type OrderListItemView,
  type OrderListRow,
  orderListItemView,
} from '../../order.view';
import { StaffDirectory } from '../../services/staff-directory';
import { ListOrdersQuery } from './list-orders.query';

const SORTS = {
  number: 'o.number',
  createdAt: 'o.created_at',
  updatedAt: 'o.updated_at',
  deadline: 'o.deadline',
  totalAmount: 'o.total_amount',
};

/** Every filter is backed by an index (see the orders migration); text search by trigram. */
@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly staff: StaffDirectory,
  ) {}

  async execute({ filters: f, window }: ListOrdersQuery): Promise<Page<OrderListItemView>> {
    const where = ['o.deleted_at IS NULL'];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const errors: FieldError[] = [];
    if (f.status) where.push(`o.status = ${p(f.status)}`);
    if (f.clientId) where.push(`o.client_id = ${p(f.clientId.toLowerCase())}`);
    if (f.managerId) where.push(`o.manager_id = ${p(f.managerId.toLowerCase())}`);
    if (f.travellerId) where.push(`o.traveller_ids @> ARRAY[${p(f.travellerId.toLowerCase())}]::uuid[]`);
    const from = f.serviceFrom ? parseInstant(f.serviceFrom, 'serviceFrom', errors) : null;
    const to = f.serviceTo ? parseInstant(f.serviceTo, 'serviceTo', errors) : null;
    const deadline = f.deadlineBefore ? parseInstant(f.deadlineBefore, 'deadlineBefore', errors) : null;
    if (errors.length > 0) throw new ValidationError(errors);
    if (from || to) {
      const conds: string[] = [];
      if (from) conds.push(`s.end_at >= ${p(from)}`);
      if (to) conds.push(`s.start_at <= ${p(to)}`);
      where.push(`o.id IN (SELECT s.order_id FROM order_services s WHERE ${conds.join(' AND ')})`);
    }
    if (deadline) where.push(`o.deadline < ${p(deadline)}`);
    const wanted = new Set((f.confirmation ?? '').split(',').filter((x) => x !== ''));
    // each branch matches one partial index (order_services_unconfirmed, order_services_rejected)
    const states: string[] = [];
    if (wanted.has('pending'))
      states.push(
        `SELECT s.order_id FROM order_services s WHERE s.supplier IS NOT NULL AND s.confirmation_status IS NULL`,
      );
    if (wanted.has('rejected'))
      states.push(`SELECT s.order_id FROM order_services s WHERE s.confirmation_status = 'rejected'`);
    if (states.length > 0) where.push(`o.id IN (${states.join(' UNION ')})`);
    const q = f.q?.trim().toLowerCase().replace(/ё/g, 'е');
    if (q) where.push(`o.search_text LIKE ${p(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    const order = sortClause(f.sort, SORTS, 'o.created_at DESC', 'o.id');
    const rows = await this.uow.rows<OrderListRow & { total: string }>(
      `SELECT ${ORDER_LIST_COLUMNS}, count(*) OVER () AS total
         FROM orders o
        WHERE ${where.join(' AND ')}
        ORDER BY ${order}
        LIMIT ${p(window.limit)} OFFSET ${p(window.offset)}`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && window.offset > 0) {
      const [c] = await this.uow.rows<{ n: string }>(
        `SELECT count(*) AS n FROM orders o WHERE ${where.join(' AND ')}`,
        params.slice(0, -2),
      );
      total = Number(c.n);
    }
    return pageOf(await this.staff.withManagerNames(rows.map(orderListItemView)), total, window);
  }
}
