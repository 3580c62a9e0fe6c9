import { Injectable } from '@nestjs/common';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { OrderFactsSync } from '../services/order-facts';

/**
 * Keeps finance's copy of each order's figures (status, totals, payer, manager, deadline) for the
 * balance rows and reports: on any order event it re-reads the order through the orders module's
 * query, so redelivery or reordering converges on the current state.
 */
@Injectable()
@DomainEventHandler({ name: 'finance-orders', events: ['orders.*'] })
export class FinanceOrdersProjection implements DomainEventSubscriber {
  constructor(private readonly facts: OrderFactsSync) {}

  async handle(event: DomainEventEnvelope): Promise<void> {
    if (event.aggregateType === 'order' && event.aggregateId) await this.facts.refresh(event.aggregateId);
  }
}
