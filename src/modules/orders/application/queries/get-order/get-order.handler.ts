import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { extend } from '../../../../../shared/domain/extend';
import {
  ORDER_LIST_COLUMNS,
  type OrderDetailRow,
  orderDetailHead,
  type OrderView,
  orderListItemView,
  SERVICE_READ_COLUMNS,
  type ServiceReadRow,
  serviceView,
} from '../../order.view';
import { CrossBorderConflicts } from '../../services/cross-border-conflicts';
import { StaffDirectory } from '../../services/staff-directory';
import { GetOrderQuery } from './get-order.query';

interface Row extends OrderDetailRow {
  services: ServiceReadRow[];
}

/** The order, its services (json_agg) and stored conflicts in one statement: one round trip, no N+1. */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly crossBorder: CrossBorderConflicts,
    private readonly staff: StaffDirectory,
  ) {}

  async execute({ id }: GetOrderQuery): Promise<OrderView | null> {
    const [row] = await this.uow.rows<Row>(
      `SELECT ${ORDER_LIST_COLUMNS}, o.note, o.application_id AS "applicationId", o.cancel_reason AS "cancelReason",
              o.created_by AS "createdBy", o.updated_by AS "updatedBy", o.conflicts,
              COALESCE((SELECT json_agg(x ORDER BY x."startAt", x.id)
                          FROM (SELECT ${SERVICE_READ_COLUMNS} FROM order_services s WHERE s.order_id = o.id) x),
                       '[]'::json) AS services
         FROM orders o
        WHERE o.id = $1 AND o.deleted_at IS NULL`,
      [id],
    );
    if (!row) return null;
    const services = row.services.map(serviceView);
    const item = orderListItemView(row);
    item.managerName = await this.staff.nameOf(item.managerId);
    const conflicts = [...row.conflicts, ...(await this.crossBorder.of(services))];
    return extend(orderDetailHead(item, row, conflicts), { services });
  }
}
