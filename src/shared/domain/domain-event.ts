import type { Actor } from './actor';
import { canonicalJson } from './canonical-json';
import { uuidv7 } from './uuid';

/**
 * Something that happened to an aggregate, named in the past tense with a stable name
 * (`orders.service-added`), never the class name. Carries primitives only so it can be
 * stored in the outbox and replayed.
 */
export abstract class DomainEvent<P extends object = Record<string, unknown>> {
  readonly eventId: string;
  readonly occurredAt: Date;

  protected constructor(
    /** Stable name: `<module>.<past-tense-verb>`. */
    readonly name: string,
    /** Singular lower-case entity name: user, client, order, service, document, payment, … */
    readonly aggregateType: string,
    readonly aggregateId: string | null,
    /** The aggregate's version after the change (0 when the event is not tied to a version). */
    readonly aggregateVersion: number,
    readonly payload: P,
    occurredAt?: Date,
  ) {
    this.eventId = uuidv7();
    this.occurredAt = occurredAt ?? new Date();
  }

  /**
   * The contract version stored with the payload as `v` (see shared/domain/event-contract.ts): a
   * class whose payload shape changes incompatibly declares `static readonly payloadVersion = 2`
   * and its module's contract gets an upcaster from 1.
   */
  get payloadVersion(): number {
    return (this.constructor as { payloadVersion?: number }).payloadVersion ?? 1;
  }
}

/** A domain event as stored in the outbox and delivered to subscribers. */
export interface DomainEventEnvelope<P = Record<string, unknown>> {
  eventId: string;
  name: string;
  aggregateType: string;
  aggregateId: string | null;
  aggregateVersion: number;
  occurredAt: string;
  actor: Actor;
  correlationId: string | null;
  payload: P;
  /** Position in the outbox: a total order of events in commit-insertion order. */
  sequence: string;
}

/** A field-by-field change description used by events and the audit log. */
export type Diff = Record<string, { from: unknown; to: unknown }>;

/** Builds a diff of the keys whose values differ (deep compare by canonical JSON: key order does not count). */
export function diffOf<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): Diff {
  const diff: Diff = {};
  for (const k of keys) {
    const a = before[k];
    const b = after[k];
    if (canonicalJson(a) !== canonicalJson(b)) diff[k as string] = { from: a ?? null, to: b ?? null };
  }
  return diff;
}
