import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import type { EnvelopeOf } from '../../../../shared/domain/event-contract';
import { FINANCE_EVENTS, type FinanceEventPayloads } from '../../../finance/contracts/finance.events';
import { ORDER_EVENTS, type OrderEventPayloads } from '../../../orders/contracts/orders.events';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { Document } from '../../domain/document';
import { DOCUMENT_STORE, type DocumentStore } from '../ports/document-stores.port';
import { REGENERATION_QUEUE, type RegenerationQueue } from '../ports/regeneration-queue.port';

export const REGENERATING_EVENTS = [
  ORDER_EVENTS.serviceAdded,
  ORDER_EVENTS.serviceUpdated,
  ORDER_EVENTS.serviceRemoved,
  ORDER_EVENTS.totalsRecalculated,
  ORDER_EVENTS.statusChanged,
  FINANCE_EVENTS.paymentRecorded,
  FINANCE_EVENTS.paymentCancelled,
] as const;

/** What regenerates documents, typed by the publishers' contracts. */
export type RegeneratingEvent = EnvelopeOf<
  Pick<OrderEventPayloads, (typeof REGENERATING_EVENTS)[number] & keyof OrderEventPayloads> &
    Pick<FinanceEventPayloads, 'finance.payment-recorded' | 'finance.payment-cancelled'>
>;

/** The order an event is about: orders' events are the order's own; finance's carry `orderId`. */
export function eventOrderId(event: DomainEventEnvelope<object>): string | null {
  const e = event as RegeneratingEvent;
  if (e.name === FINANCE_EVENTS.paymentRecorded || e.name === FINANCE_EVENTS.paymentCancelled) {
    return typeof e.payload.orderId === 'string' ? e.payload.orderId : null;
  }
  return e.aggregateId;
}

/**
 * When an order changes or a payment on it is recorded or cancelled: its final documents are
 * marked outdated (never replaced), and its other documents are queued for regeneration — one
 * request per order, renewed by every event of a burst, rendered by the regeneration worker
 * once the order has been quiet for a short window (outside this, the relay's, transaction).
 */
@Injectable()
@DomainEventHandler({ name: 'documents.regenerate', events: REGENERATING_EVENTS })
export class RegenerateDocumentsSubscriber implements DomainEventSubscriber {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(REGENERATION_QUEUE) private readonly queue: RegenerationQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope): Promise<void> {
    const orderId = eventOrderId(event);
    if (!orderId) return;
    await this.uow.run(async () => {
      const docs = await this.documents.findByOrder(orderId, undefined, true);
      for (const record of docs.filter((d) => d.final)) {
        const doc = Document.reconstitute(record);
        if (!doc.markOutdated(event.name, event.eventId)) continue;
        await this.documents.update(doc.state());
        await this.outbox.append(doc.pullEvents(), event.actor);
      }
      if (docs.some((d) => !d.final)) {
        const { regenerateDelayMs, regenerateMaxDelayMs } = this.config.documents;
        await this.queue.request(
          { orderId, cause: event.name, causeEventId: event.eventId, actor: event.actor },
          regenerateDelayMs,
          regenerateMaxDelayMs,
        );
        this.uow.afterCommit(() => this.onQueued?.(regenerateDelayMs));
      }
    });
  }

  /**
   * A batch: one statement finds which of its orders have documents; only their events do the
   * per-event work above (an order without documents has nothing to mark or regenerate).
   */
  async handleBatch(events: DomainEventEnvelope[]): Promise<void> {
    const orderIds = events.map(eventOrderId).filter((id): id is string => id !== null);
    if (orderIds.length === 0) return;
    const withDocuments = new Set(await this.documents.ordersWithDocuments(orderIds));
    for (const event of events) {
      const orderId = eventOrderId(event);
      if (orderId && withDocuments.has(orderId)) await this.handle(event);
    }
  }

  /** Set by the worker: wakes it when the window of a fresh request ends. */
  onQueued?: (delayMs: number) => void;
}
