import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { INSERT_TIMELINE_SQL, TIMELINE_EVENTS, timelineEntryOf, timelineParams } from './timeline-entry';

/**
 * Keeps the `order_timeline` read model: one row per order event (and per payment event of the order), with the actor and a Russian
 * summary, written in the relay's transaction with its inbox record. `npm run projections:rebuild
 * timeline` replays the outbox through the same {@link timelineEntryOf} and gives the same rows.
 */
@Injectable()
@DomainEventHandler({
  name: 'order-timeline',
  events: TIMELINE_EVENTS,
})
export class OrderTimelineProjection implements DomainEventSubscriber {
  constructor(private readonly uow: UnitOfWork) {}

  async handle(event: DomainEventEnvelope): Promise<void> {
    const entry = timelineEntryOf(event);
    if (entry) await this.uow.sql(INSERT_TIMELINE_SQL, timelineParams(entry));
  }
}
