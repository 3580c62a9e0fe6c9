import type { Actor } from '../../../../shared/domain/actor';

export const REGENERATION_QUEUE = Symbol('REGENERATION_QUEUE');

/** The event that asked for a regeneration (the last one of a burst is kept). */
export interface RegenerationCause {
  orderId: string;
  cause: string;
  causeEventId: string;
  actor: Actor;
}

/** A claimed request: the token tells whether a newer event renewed it meanwhile. */
export interface RegenerationClaim extends RegenerationCause {
  token: string;
  requests: number;
  attempts: number;
}

export interface RegenerationQueue {
  /**
   * Asks for a regeneration of the order's documents `delayMs` from now; a request already
   * waiting is renewed (one row per order) but never pushed past `maxDelayMs` after its first.
   */
  request(cause: RegenerationCause, delayMs: number, maxDelayMs: number): Promise<void>;
  /** Leases up to `limit` due requests for `leaseMs` (SKIP LOCKED: replicas share the work). */
  claimDue(limit: number, leaseMs: number): Promise<RegenerationClaim[]>;
  /** Done: removes the request unless a newer event renewed it (then it stays, due again). */
  complete(orderId: string, token: string): Promise<void>;
  /** Failed: due again after `retryMs`. */
  fail(orderId: string, retryMs: number, error: string): Promise<void>;
}
