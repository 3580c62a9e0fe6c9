import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';

export interface TimelineEntryView {
  eventId: string;
  ts: string;
  kind: string;
  actorUserId: string | null;
  /** The actor's name (`Анна Смирнова`); null for the system, an unauthenticated caller or a removed user. */
  actorName: string | null;
  actorRole: string;
  summary: string;
  payload: Record<string, unknown>;
}

/** The order's timeline, oldest first (by outbox position), paginated; null when the order is absent. */
export class GetOrderTimelineQuery extends Query<Page<TimelineEntryView> | null> {
  constructor(
    readonly orderId: string,
    readonly window: PageWindow,
  ) {
    super();
  }
}
