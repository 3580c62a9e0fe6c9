import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import { GetClientSummariesQuery } from '../../../../clients/application/queries/get-client-summaries/get-client-summaries.query';
import { GetOrderQuery } from '../../../../orders/application/queries/get-order/get-order.query';
import { ORDER_EVENTS } from '../../../../orders/contracts/orders.events';
import { ListStaffQuery } from '../../../../users/application/queries/list-staff/list-staff.query';
import { withSurvivorName } from '../../../domain/timeline-entry';
import { TIMELINE_STORE, type TimelineStore } from '../../ports/timeline-store.port';
import { GetOrderTimelineQuery, type TimelineEntryView } from './get-order-timeline.query';

/**
 * Reads the order's timeline rows and puts people's names where the rows hold ids: the actor's
 * name (users' staff list) and, after a client merge, the surviving client's name (clients'
 * summaries). Names are looked up when read, never stored in the read model: an erased client
 * shows under their pseudonym, a renamed user under the new name.
 */
@QueryHandler(GetOrderTimelineQuery)
export class GetOrderTimelineHandler implements IQueryHandler<GetOrderTimelineQuery> {
  constructor(
    @Inject(TIMELINE_STORE) private readonly store: TimelineStore,
    private readonly queries: QueryBus,
  ) {}

  async execute({ orderId, window }: GetOrderTimelineQuery): Promise<Page<TimelineEntryView> | null> {
    const rows = await this.store.page(orderId, window.limit, window.offset);
    // a deleted order keeps its timeline; an order whose first event is not projected yet has an empty one
    if (rows.length === 0 && !(await this.store.hasEntries(orderId))) {
      if (!(await this.queries.execute(new GetOrderQuery(orderId)))) return null;
    }
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
    const clientIds = [
      ...new Set(
        rows
          .filter((r) => r.kind === ORDER_EVENTS.clientRelinked)
          .map((r) => r.payload.toClientId)
          .filter((id): id is string => typeof id === 'string'),
      ),
    ];
    const [staff, clients] = await Promise.all([
      userIds.length > 0
        ? this.queries.execute(new ListStaffQuery({ limit: userIds.length, offset: 0 }, userIds))
        : null,
      clientIds.length > 0 ? this.queries.execute(new GetClientSummariesQuery(clientIds)) : [],
    ]);
    const userName = new Map((staff?.items ?? []).map((u) => [u.id, u.fullName]));
    const clientName = new Map(clients.map((c) => [c.id, c.fullName]));
    return pageOf(
      rows.map(({ total: _t, ts, ...r }) => {
        const toClientId = String(r.payload.toClientId);
        const survivor = r.kind === ORDER_EVENTS.clientRelinked ? clientName.get(toClientId) : undefined;
        return {
          ...r,
          ts: new Date(ts).toISOString(),
          actorName: r.actorUserId ? (userName.get(r.actorUserId) ?? null) : null,
          summary: survivor ? withSurvivorName(r.summary, toClientId, survivor) : r.summary,
        };
      }),
      total,
      window,
    );
  }
}
