import { SetMetadata } from '@nestjs/common';
import type { DomainEventEnvelope } from '../domain/domain-event';

export const DOMAIN_EVENT_HANDLER = 'crm:domainEventHandler';

export interface DomainEventHandlerOptions {
  /** Stable name: the inbox key. Never rename a handler that has processed events. */
  name: string;
  /** Event names to receive; `*` for all, `orders.*` for a module's events. */
  events: readonly string[];
}

/**
 * A durable subscriber. The outbox relay calls `handle()` after the event's transaction commits,
 * inside a transaction of its own that also records `(name, eventId)` in the inbox — so each
 * subscriber applies each event once, and a failure is retried with backoff.
 */
export const DomainEventHandler = (options: DomainEventHandlerOptions): ClassDecorator =>
  SetMetadata(DOMAIN_EVENT_HANDLER, options);

export interface DomainEventSubscriber {
  /** The payload is the publisher's current contract version (the relay upcasts stored payloads). */
  handle(event: DomainEventEnvelope<object>): Promise<void>;
}

export function matchesEvent(patterns: readonly string[], name: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))),
  );
}
