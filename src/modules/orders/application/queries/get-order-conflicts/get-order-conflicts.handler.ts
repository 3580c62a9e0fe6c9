import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { Conflict } from '../../../domain/conflicts.policy';
import { CrossBorderConflicts, type SupplierOfService } from '../../services/cross-border-conflicts';
import { GetOrderConflictsQuery } from './get-order-conflicts.query';

@QueryHandler(GetOrderConflictsQuery)
export class GetOrderConflictsHandler implements IQueryHandler<GetOrderConflictsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly crossBorder: CrossBorderConflicts,
  ) {}

  async execute({ orderId }: GetOrderConflictsQuery): Promise<Conflict[] | null> {
    const [row] = await this.uow.rows<{ conflicts: Conflict[]; services: SupplierOfService[] }>(
      `SELECT o.conflicts,
              COALESCE((SELECT json_agg(json_build_object('id', s.id, 'supplier', s.supplier,
                                                          'supplierCountry', s.supplier_country))
                          FROM order_services s WHERE s.order_id = o.id AND s.supplier_country IS NOT NULL),
                       '[]'::json) AS services
         FROM orders o WHERE o.id = $1 AND o.deleted_at IS NULL`,
      [orderId],
    );
    return row ? [...row.conflicts, ...(await this.crossBorder.of(row.services))] : null;
  }
}
