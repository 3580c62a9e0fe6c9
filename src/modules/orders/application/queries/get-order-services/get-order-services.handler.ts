import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { SERVICE_READ_COLUMNS, type ServiceReadRow, type ServiceView, serviceView } from '../../order.view';
import { GetOrderServicesQuery } from './get-order-services.query';

@QueryHandler(GetOrderServicesQuery)
export class GetOrderServicesHandler implements IQueryHandler<GetOrderServicesQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ orderId }: GetOrderServicesQuery): Promise<ServiceView[] | null> {
    const [row] = await this.uow.rows<{ services: ServiceReadRow[] }>(
      `SELECT COALESCE((SELECT json_agg(x ORDER BY x."startAt", x.id)
                          FROM (SELECT ${SERVICE_READ_COLUMNS} FROM order_services s WHERE s.order_id = o.id) x),
                       '[]'::json) AS services
         FROM orders o WHERE o.id = $1 AND o.deleted_at IS NULL`,
      [orderId],
    );
    return row ? row.services.map(serviceView) : null;
  }
}
