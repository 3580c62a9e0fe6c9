import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import { GetOrderTimelineQuery, type TimelineEntryView } from './get-order-timeline.query';

@QueryHandler(GetOrderTimelineQuery)
export class GetOrderTimelineHandler implements IQueryHandler<GetOrderTimelineQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ orderId, window }: GetOrderTimelineQuery): Promise<Page<TimelineEntryView> | null> {
    // a deleted order keeps its timeline (its last entry says it was deleted)
    const [exists] = await this.uow.rows(`SELECT 1 FROM orders WHERE id = $1`, [orderId]);
    if (!exists) return null;
    const rows = await this.uow.rows<Omit<TimelineEntryView, 'ts'> & { ts: Date; total: string }>(
      `SELECT event_id AS "eventId", ts, kind, actor_user_id AS "actorUserId", actor_role AS "actorRole", summary,
              payload, count(*) OVER () AS total
         FROM order_timeline WHERE order_id = $1
        ORDER BY seq LIMIT $2 OFFSET $3`,
      [orderId, window.limit, window.offset],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    return pageOf(
      rows.map(({ total: _t, ts, ...r }) => ({ ...r, ts: new Date(ts).toISOString() })),
      total,
      window,
    );
  }
}
