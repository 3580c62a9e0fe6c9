import type { TimelineEntry } from '../../domain/timeline-entry';

export interface TimelineRow {
  eventId: string;
  ts: Date;
  kind: string;
  actorUserId: string | null;
  actorRole: string;
  summary: string;
  payload: Record<string, unknown>;
  total: string;
}

/** The `order_timeline` read model. */
export interface TimelineStore {
  /** Idempotent: a redelivered event leaves one row. */
  append(entry: TimelineEntry): Promise<void>;
  /** Idempotent like {@link append}; one statement for all of them. */
  appendMany(entries: readonly TimelineEntry[]): Promise<void>;
  page(orderId: string, limit: number, offset: number): Promise<TimelineRow[]>;
  hasEntries(orderId: string): Promise<boolean>;
}

export const TIMELINE_STORE = Symbol('TIMELINE_STORE');
