import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { GetServiceNoticeQuery, type ServiceNoticeView } from './get-service-notice.query';

@QueryHandler(GetServiceNoticeQuery)
export class GetServiceNoticeHandler implements IQueryHandler<GetServiceNoticeQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ serviceId }: GetServiceNoticeQuery): Promise<ServiceNoticeView | null> {
    const [r] = await this.uow.rows<ServiceNoticeView>(
      `SELECT s.id AS "serviceId", s.order_id AS "orderId", o.number, o.manager_id AS "managerId", s.type, s.supplier,
              to_char(s.start_at AT TIME ZONE s.start_time_zone, 'DD.MM.YYYY HH24:MI') AS "startAt",
              to_char(s.end_at AT TIME ZONE s.end_time_zone, 'DD.MM.YYYY HH24:MI') AS "endAt",
              s.location, s.destination, s.booking_ref AS "bookingRef",
              cardinality(s.traveller_ids) AS travellers
         FROM order_services s JOIN orders o ON o.id = s.order_id
        WHERE s.id = $1 AND o.deleted_at IS NULL`,
      [serviceId],
    );
    return r ?? null;
  }
}
