import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ListSupplierServicesQuery, type SupplierServiceView } from './list-supplier-services.query';

@QueryHandler(ListSupplierServicesQuery)
export class ListSupplierServicesHandler implements IQueryHandler<ListSupplierServicesQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ supplier, from, to }: ListSupplierServicesQuery): Promise<SupplierServiceView[]> {
    const rows = await this.uow.rows<
      Omit<SupplierServiceView, 'startAt' | 'endAt'> & { startAt: Date; endAt: Date }
    >(
      `SELECT s.id AS "serviceId", o.id AS "orderId", o.number AS "orderNumber", o.status AS "orderStatus",
              trim(o.currency) AS "orderCurrency", s.type, s.start_at AS "startAt", s.end_at AS "endAt", s.supplier,
              s.price::text AS price, trim(s.currency) AS currency, rtrim(rtrim(s.rate::text, '0'), '.') AS rate,
              s.amount::text AS amount, s.commission_amount::text AS "commissionAmount", s.booking_ref AS "bookingRef"
         FROM order_services s JOIN orders o ON o.id = s.order_id
        WHERE s.supplier = $1 AND s.start_at >= $2 AND s.start_at < $3
          AND o.deleted_at IS NULL AND o.status <> 'cancelled'
        ORDER BY s.start_at, s.id
        LIMIT 100000`,
      [supplier, from, to],
    );
    return rows.map((r) => ({ ...r, startAt: r.startAt.toISOString(), endAt: r.endAt.toISOString() }));
  }
}
