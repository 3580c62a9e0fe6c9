import { SetMetadata } from '@nestjs/common';
import type { DomainEventEnvelope } from '../domain/domain-event';

export const DOMAIN_EVENT_HANDLER = 'crm:domainEventHandler';

export interface DomainEventHandlerOptions {
  /** Stable name: the inbox key. Never rename a handler that has processed events. */
  name: string;
  /** Event names to receive; `*` for all, `orders.*` for a module's events. */
  events: readonly string[];
  /**
   * Takes a lock every delivery contends for (the audit chain's head): in a batch delivered as one
   * transaction it runs after the other subscribers, so the lock is held only until the commit.
   */
  contended?: boolean;
}

/**
 * A durable subscriber. The outbox relay calls it after the events' transactions commit, with a
 * batch of the events it subscribes to, inside a transaction that also records `(name, eventId)`
 * in the inbox for each — the batch's one transaction shared with its other subscribers, or, when
 * that failed, one of its own — so each subscriber applies each event once, and a failure is
 * retried with backoff (a failing batch is retried event by event, so one bad event is retried
 * and parked alone).
 */
export const DomainEventHandler = (options: DomainEventHandlerOptions): ClassDecorator =>
  SetMetadata(DOMAIN_EVENT_HANDLER, options);

export interface DomainEventSubscriber {
  /** The payload is the publisher's current contract version (the relay upcasts stored payloads). */
  handle(event: DomainEventEnvelope<object>): Promise<void>;
  /**
   * Optional, set-based: applies several events (outbox order, all matching, none applied before)
   * in the caller's transaction with a few statements. Without it the relay calls `handle()` for
   * each event in that one transaction.
   */
  handleBatch?(events: DomainEventEnvelope<object>[]): Promise<void>;
}

export function matchesEvent(patterns: readonly string[], name: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))),
  );
}
