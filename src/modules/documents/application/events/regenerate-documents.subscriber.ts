import { Inject, Injectable } from '@nestjs/common';
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
import { DocumentOutdated } from '../../domain/document.events';
import { DOCUMENT_STORE, type DocumentStore } from '../ports/document-stores.port';
import { DocumentGenerator } from '../services/document-generator';

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
 * When an order changes or a payment on it is recorded or cancelled, its documents that are not final get a new version (skipped when the
 * rendered data would be the same); a final one is never replaced — `documents.outdated` is
 * recorded instead. Runs in the relay's transaction with its inbox row: once per event, retried.
 */
@Injectable()
@DomainEventHandler({ name: 'documents.regenerate', events: REGENERATING_EVENTS })
export class RegenerateDocumentsSubscriber implements DomainEventSubscriber {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly generator: DocumentGenerator,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  async handle(event: DomainEventEnvelope): Promise<void> {
    const orderId = eventOrderId(event);
    if (!orderId) return;
    await this.uow.run(async () => {
      const docs = await this.documents.findByOrder(orderId, undefined, true);
      for (const doc of docs) {
        if (doc.final) {
          const version = doc.version + 1;
          await this.documents.update({ ...doc, version });
          await this.outbox.append(
            [
              new DocumentOutdated(doc.id, version, {
                type: doc.type,
                number: doc.number,
                orderId,
                cause: event.name,
                causeEventId: event.eventId,
                diff: {},
              }),
            ],
            event.actor,
          );
          continue;
        }
        const result = await this.generator.generate(
          {
            orderId,
            type: doc.type,
            actor: event.actor,
            reason: event.name,
            causeEventId: event.eventId,
            onlyIfChanged: true,
          },
          doc,
        );
        // a deleted order keeps its documents as issued; there is nothing to re-render
        if (result.status === 'order-gone') return;
      }
    });
  }
}
