import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { Conflict } from '../../../domain/conflicts.policy';
import { GetOrderConflictsQuery } from './get-order-conflicts.query';

@QueryHandler(GetOrderConflictsQuery)
export class GetOrderConflictsHandler implements IQueryHandler<GetOrderConflictsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ orderId }: GetOrderConflictsQuery): Promise<Conflict[] | null> {
    const [row] = await this.uow.rows<{ conflicts: Conflict[] }>(
      `SELECT conflicts FROM orders WHERE id = $1 AND deleted_at IS NULL`,
      [orderId],
    );
    return row ? row.conflicts : null;
  }
}
