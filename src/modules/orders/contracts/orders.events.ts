import type { Diff } from '../../../shared/domain/domain-event';
import { type EnvelopeOf, stampV1, type UpcasterTable } from '../../../shared/domain/event-contract';

/**
 * The orders module's published events: names, payloads (version 1) and the upcasters from the
 * unversioned payloads stored before contracts were versioned. Payloads carry ids, figures and
 * diffs — never personal data (travellers are client ids; the payer's name stays out).
 */
export const ORDER_EVENTS = {
  created: 'orders.created',
  updated: 'orders.updated',
  statusChanged: 'orders.status-changed',
  serviceAdded: 'orders.service-added',
  serviceUpdated: 'orders.service-updated',
  serviceRemoved: 'orders.service-removed',
  totalsRecalculated: 'orders.totals-recalculated',
  conflictsDetected: 'orders.conflicts-detected',
  deleted: 'orders.deleted',
  clientRelinked: 'orders.client-relinked',
  serviceConfirmationSet: 'orders.service-confirmation-set',
  payerPseudonymized: 'orders.payer-pseudonymized',
} as const;

/** Every order event (`orders.*`). */
export const ALL_ORDER_EVENTS = 'orders.*';

export interface OrderTotalsV1 {
  totalAmount: string;
  commission: string;
  supplierCost: string;
  margin: string;
}

export interface ConflictV1 {
  code: string;
  severity: 'error' | 'warning';
  serviceIds: string[];
  travellerIds: string[];
  message: string;
}

/**
 * The order's figures after the command that recorded the event (every event of one command
 * carries the same facts): what finance keeps per order, without reading the order back.
 * `null` in events stored before v1 and in events recorded outside the order workflow
 * (pseudonymisation): a subscriber that needs the facts then reads the order.
 */
export interface OrderFactsV1 {
  number: string;
  status: string;
  currency: string;
  clientId: string;
  managerId: string | null;
  /** ISO 8601 or null. */
  deadline: string | null;
  createdAt: string;
  totalAmount: string;
  commission: string;
  supplierCost: string;
  /** The order's version once the command is saved. */
  version: number;
}

export interface PlaceV1 {
  city: string;
  country: string;
  /** IANA time zone of this end of the service. */
  timeZone: string;
  iata?: string | null;
}

/**
 * The service as it stands after the event (booking details, no personal data): what the
 * supplier's notice and the timeline show. `null` for a removed service and in events stored
 * before v1.
 */
export interface ServiceSnapshotV1 {
  type: string;
  supplier: string | null;
  /** ISO 8601 instants. */
  startAt: string;
  endAt: string;
  location: PlaceV1;
  destination: PlaceV1 | null;
  bookingRef: string | null;
  travellers: number;
}

interface Versioned {
  v: 1;
  facts: OrderFactsV1 | null;
}

export interface OrderCreatedV1 extends Versioned {
  number: string;
  diff: Diff;
  applicationId: string | null;
}

export interface OrderUpdatedV1 extends Versioned {
  number: string;
  diff: Diff;
}

export interface OrderStatusChangedV1 extends Versioned {
  number: string;
  from: string;
  to: string;
  reason: string | null;
  diff: Diff;
}

export interface OrderServiceChangedV1 extends Versioned {
  number: string;
  serviceId: string;
  serviceType: string;
  diff: Diff;
  forced: boolean;
  subject: { entity: 'service'; id: string };
  service: ServiceSnapshotV1 | null;
}

export interface OrderTotalsRecalculatedV1 extends Versioned {
  number: string;
  currency: string;
  from: OrderTotalsV1;
  to: OrderTotalsV1;
  diff: Diff;
}

export interface OrderConflictsDetectedV1 extends Versioned {
  number: string;
  conflicts: ConflictV1[];
  forced: boolean;
  diff: Diff;
}

export interface OrderDeletedV1 extends Versioned {
  number: string;
  diff: Diff;
}

export interface OrderClientRelinkedV1 extends Versioned {
  number: string;
  fromClientId: string;
  toClientId: string;
  diff: Diff;
}

export interface OrderServiceConfirmationSetV1 extends Versioned {
  number: string;
  serviceId: string;
  serviceType: string;
  status: 'confirmed' | 'rejected';
  supplier: string;
  managerId: string | null;
  diff: Diff;
  subject: { entity: 'service'; id: string };
}

export interface OrderPayerPseudonymizedV1 extends Versioned {
  number: string;
  pseudonym: string;
}

export interface OrderEventPayloads {
  'orders.created': OrderCreatedV1;
  'orders.updated': OrderUpdatedV1;
  'orders.status-changed': OrderStatusChangedV1;
  'orders.service-added': OrderServiceChangedV1;
  'orders.service-updated': OrderServiceChangedV1;
  'orders.service-removed': OrderServiceChangedV1;
  'orders.totals-recalculated': OrderTotalsRecalculatedV1;
  'orders.conflicts-detected': OrderConflictsDetectedV1;
  'orders.deleted': OrderDeletedV1;
  'orders.client-relinked': OrderClientRelinkedV1;
  'orders.service-confirmation-set': OrderServiceConfirmationSetV1;
  'orders.payer-pseudonymized': OrderPayerPseudonymizedV1;
}

export type OrderEventName = keyof OrderEventPayloads;
export type OrderEvent = EnvelopeOf<OrderEventPayloads>;

/** v0 → v1: the facts (and, for service events, the service) were not in the payload; `null` = read them. */
const factsUnknown = (p: Readonly<Record<string, unknown>>) => ({ ...stampV1(p), facts: null });
const serviceUnknown = (p: Readonly<Record<string, unknown>>) => ({ ...factsUnknown(p), service: null });

export const ORDER_UPCASTERS: UpcasterTable = {
  ...Object.fromEntries(Object.values(ORDER_EVENTS).map((name) => [name, [factsUnknown]])),
  [ORDER_EVENTS.serviceAdded]: [serviceUnknown],
  [ORDER_EVENTS.serviceUpdated]: [serviceUnknown],
  [ORDER_EVENTS.serviceRemoved]: [serviceUnknown],
};
