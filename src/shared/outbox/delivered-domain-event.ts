import type { IEvent } from '@nestjs/cqrs';
import type { DomainEventEnvelope } from '../domain/domain-event';

/**
 * Published on the @nestjs/cqrs EventBus once the durable subscribers have applied an event,
 * for in-process, best-effort reactions (`@EventsHandler(DeliveredDomainEvent)`).
 */
export class DeliveredDomainEvent implements IEvent {
  constructor(readonly event: DomainEventEnvelope) {}
}
