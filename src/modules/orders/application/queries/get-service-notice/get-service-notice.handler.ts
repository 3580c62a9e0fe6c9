import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { isoInZone } from '../../../domain/time-zone';
import { GetServiceNoticeQuery, type NoticePlace, type ServiceNoticeView } from './get-service-notice.query';

interface Row extends Omit<ServiceNoticeView, 'startAt' | 'endAt'> {
  startAt: Date;
  endAt: Date;
  startTimeZone: string;
  endTimeZone: string;
}

const placeOf = (p: Record<string, unknown> | null): NoticePlace | null =>
  p && {
    city: typeof p.city === 'string' ? p.city : undefined,
    country: typeof p.country === 'string' ? p.country : undefined,
    iata: typeof p.iata === 'string' ? p.iata : undefined,
    timeZone: typeof p.timeZone === 'string' ? p.timeZone : undefined,
  };

@QueryHandler(GetServiceNoticeQuery)
export class GetServiceNoticeHandler implements IQueryHandler<GetServiceNoticeQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ serviceId }: GetServiceNoticeQuery): Promise<ServiceNoticeView | null> {
    const [r] = await this.uow.rows<Row>(
      `SELECT s.id AS "serviceId", s.order_id AS "orderId", o.number, o.manager_id AS "managerId", s.type, s.supplier,
              s.start_at AS "startAt", s.end_at AS "endAt",
              s.start_time_zone AS "startTimeZone", s.end_time_zone AS "endTimeZone",
              s.location, s.destination, s.booking_ref AS "bookingRef",
              cardinality(s.traveller_ids) AS travellers
         FROM order_services s JOIN orders o ON o.id = s.order_id
        WHERE s.id = $1 AND o.deleted_at IS NULL`,
      [serviceId],
    );
    if (!r) return null;
    const { startTimeZone, endTimeZone, ...rest } = r;
    return {
      ...rest,
      startAt: isoInZone(new Date(r.startAt), startTimeZone),
      endAt: isoInZone(new Date(r.endAt), endTimeZone),
      location: placeOf(r.location as Record<string, unknown> | null),
      destination: placeOf(r.destination as Record<string, unknown> | null),
    };
  }
}
