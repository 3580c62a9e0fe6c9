import { Inject, Injectable } from '@nestjs/common';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { ALL_ORDER_EVENTS, ORDER_EVENTS, type OrderEvent } from '../../../orders/contracts/orders.events';
import {
  FINANCE_REPOSITORY,
  type FinanceRepository,
  type OrderFacts,
} from '../../domain/finance.repository.port';
import { OrderFactsSync } from '../services/order-facts';

/**
 * Keeps finance's copy of each order's figures (status, totals, payer, manager, deadline) for the
 * balance rows and reports. Order events carry the order's facts after their command (contract
 * v1), so this is one version-guarded upsert per event — redelivery or reordering converges on
 * the newest version — and no read of the order. Only an event without facts (stored before v1,
 * or recorded outside the order workflow) makes it read the order through the orders module's query.
 */
@Injectable()
@DomainEventHandler({ name: 'finance-orders', events: [ALL_ORDER_EVENTS] })
export class FinanceOrdersProjection implements DomainEventSubscriber {
  constructor(
    private readonly facts: OrderFactsSync,
    @Inject(FINANCE_REPOSITORY) private readonly repo: FinanceRepository,
  ) {}

  async handle(event: DomainEventEnvelope<object>): Promise<void> {
    const e = event as OrderEvent;
    if (e.aggregateType !== 'order' || !e.aggregateId) return;
    const facts = e.payload.facts ?? null;
    if (e.name === ORDER_EVENTS.deleted) {
      // the deleted version first, so an older event redelivered later cannot bring the row back
      if (facts) await this.repo.upsertOrderFacts({ orderId: e.aggregateId, ...facts });
      await this.repo.markOrderDeleted(e.aggregateId);
      return;
    }
    if (facts) await this.repo.upsertOrderFacts({ orderId: e.aggregateId, ...facts });
    else await this.facts.refresh(e.aggregateId);
  }

  /**
   * A batch: the upsert is version-guarded, so of an order's events only the newest facts need
   * writing (one service added is two events with the same facts), all in one statement. A deletion or an event
   * without facts is applied in its place, after the facts gathered before it.
   */
  async handleBatch(events: DomainEventEnvelope<object>[]): Promise<void> {
    const newest = new Map<string, OrderFacts>();
    const flush = async () => {
      await this.repo.upsertOrderFactsMany([...newest.values()]);
      newest.clear();
    };
    for (const event of events) {
      const e = event as OrderEvent;
      if (e.aggregateType !== 'order' || !e.aggregateId) continue;
      const facts = e.payload.facts ?? null;
      if (!facts || e.name === ORDER_EVENTS.deleted) {
        await flush();
        await this.handle(event);
        continue;
      }
      const seen = newest.get(e.aggregateId);
      if (!seen || seen.version <= facts.version)
        newest.set(e.aggregateId, { orderId: e.aggregateId, ...facts });
    }
    await flush();
  }
}
