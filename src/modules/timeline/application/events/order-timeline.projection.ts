import { Inject, Injectable } from '@nestjs/common';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { TIMELINE_EVENTS, type TimelineEntry, timelineEntryOf } from '../../domain/timeline-entry';
import { TIMELINE_STORE, type TimelineStore } from '../ports/timeline-store.port';

/**
 * Keeps the `order_timeline` read model: one row per order event and per payment or outdated
 * document of the order, with the actor and a Russian summary, written in the relay's
 * transaction with its inbox record. It reads only the events' payloads (orders', finance's and
 * documents' contracts), never another module's tables. A batch of events is one insert. `npm run projections:rebuild timeline`
 * replays the outbox through the same {@link timelineEntryOf} and gives the same rows.
 */
@Injectable()
// the name is the inbox key: unchanged since the projection lived in the orders module
@DomainEventHandler({ name: 'order-timeline', events: TIMELINE_EVENTS })
export class OrderTimelineProjection implements DomainEventSubscriber {
  constructor(@Inject(TIMELINE_STORE) private readonly store: TimelineStore) {}

  async handle(event: DomainEventEnvelope<object>): Promise<void> {
    const entry = timelineEntryOf(event);
    if (entry) await this.store.append(entry);
  }

  /** A batch of events (outbox order) is one insert of their rows. */
  async handleBatch(events: DomainEventEnvelope<object>[]): Promise<void> {
    const entries = events.map(timelineEntryOf).filter((e): e is TimelineEntry => e !== null);
    await this.store.appendMany(entries);
  }
}
