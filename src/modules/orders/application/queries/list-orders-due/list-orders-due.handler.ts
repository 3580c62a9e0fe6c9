import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ListOrdersDueQuery, type OrderDueView } from './list-orders-due.query';

@QueryHandler(ListOrdersDueQuery)
export class ListOrdersDueHandler implements IQueryHandler<ListOrdersDueQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  execute({ from, to }: ListOrdersDueQuery): Promise<OrderDueView[]> {
    // orders_deadline (deadline) WHERE deleted_at IS NULL serves the range
    return this.uow.rows<OrderDueView>(
      `SELECT id, number, manager_id AS "managerId",
              ${isoUtc('deadline')} AS deadline
         FROM orders
        WHERE deleted_at IS NULL AND deadline >= $1 AND deadline < $2
          AND status NOT IN ('completed', 'cancelled')
        ORDER BY deadline, id`,
      [from, to],
    );
  }
}
