import { DomainEvent } from '../../../shared/domain/domain-event';
import { extend } from '../../../shared/domain/extend';
import type { Unversioned } from '../../../shared/domain/event-contract';
import {
  ORDER_EVENTS,
  type OrderClientRelinkedV1,
  type OrderConflictsDetectedV1,
  type OrderCreatedV1,
  type OrderDeletedV1,
  type OrderFactsV1,
  type OrderPayerPseudonymizedV1,
  type OrderServiceChangedV1,
  type OrderServiceConfirmationSetV1,
  type OrderStatusChangedV1,
  type OrderTotalsRecalculatedV1,
  type OrderUpdatedV1,
  type ServiceSnapshotV1,
} from '../contracts/orders.events';

/**
 * Events of the order aggregate; names and payloads are the published contract
 * (contracts/orders.events.ts). The aggregate records what changed; the order workflow adds the
 * order's facts (and a service's snapshot) once the command is done — until then they are null.
 */
type Recorded<P> = Omit<Unversioned<P>, 'facts'>;
type RecordedService = Omit<Recorded<OrderServiceChangedV1>, 'service'>;

abstract class OrderEvent<P extends { facts: OrderFactsV1 | null }> extends DomainEvent<Unversioned<P>> {
  /** The order's figures after the command (set by the workflow before the events are stored). */
  withFacts(facts: OrderFactsV1): void {
    (this.payload as { facts: OrderFactsV1 | null }).facts = facts;
  }
}

abstract class ServiceEvent extends OrderEvent<OrderServiceChangedV1> {
  withService(service: ServiceSnapshotV1 | null): void {
    (this.payload as { service: ServiceSnapshotV1 | null }).service = service;
  }
}

export class OrderCreated extends OrderEvent<OrderCreatedV1> {
  static readonly eventName = ORDER_EVENTS.created;
  constructor(id: string, version: number, payload: Recorded<OrderCreatedV1>) {
    super(OrderCreated.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}

export class OrderUpdated extends OrderEvent<OrderUpdatedV1> {
  static readonly eventName = ORDER_EVENTS.updated;
  constructor(id: string, version: number, payload: Recorded<OrderUpdatedV1>) {
    super(OrderUpdated.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}

export class OrderStatusChanged extends OrderEvent<OrderStatusChangedV1> {
  static readonly eventName = ORDER_EVENTS.statusChanged;
  constructor(id: string, version: number, payload: Recorded<OrderStatusChangedV1>) {
    super(OrderStatusChanged.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}

export class OrderServiceAdded extends ServiceEvent {
  static readonly eventName = ORDER_EVENTS.serviceAdded;
  constructor(id: string, version: number, payload: RecordedService) {
    super(OrderServiceAdded.eventName, 'order', id, version, extend(payload, { facts: null, service: null }));
  }
}

export class OrderServiceUpdated extends ServiceEvent {
  static readonly eventName = ORDER_EVENTS.serviceUpdated;
  constructor(id: string, version: number, payload: RecordedService) {
    super(
      OrderServiceUpdated.eventName,
      'order',
      id,
      version,
      extend(payload, { facts: null, service: null }),
    );
  }
}

export class OrderServiceRemoved extends ServiceEvent {
  static readonly eventName = ORDER_EVENTS.serviceRemoved;
  constructor(id: string, version: number, payload: RecordedService) {
    super(
      OrderServiceRemoved.eventName,
      'order',
      id,
      version,
      extend(payload, { facts: null, service: null }),
    );
  }
}

export class OrderTotalsRecalculated extends OrderEvent<OrderTotalsRecalculatedV1> {
  static readonly eventName = ORDER_EVENTS.totalsRecalculated;
  constructor(id: string, version: number, payload: Recorded<OrderTotalsRecalculatedV1>) {
    super(OrderTotalsRecalculated.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}

/** New itinerary conflicts appeared; `forced` when error-severity ones were accepted with `force`. */
export class OrderConflictsDetected extends OrderEvent<OrderConflictsDetectedV1> {
  static readonly eventName = ORDER_EVENTS.conflictsDetected;
  constructor(id: string, version: number, payload: Recorded<OrderConflictsDetectedV1>) {
    super(OrderConflictsDetected.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}

export class OrderDeleted extends OrderEvent<OrderDeletedV1> {
  static readonly eventName = ORDER_EVENTS.deleted;
  constructor(id: string, version: number, payload: Recorded<OrderDeletedV1>) {
    super(OrderDeleted.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}

/** A client merge moved the payer and/or travellers of this order from the duplicate to the survivor. */
export class OrderClientRelinked extends OrderEvent<OrderClientRelinkedV1> {
  static readonly eventName = ORDER_EVENTS.clientRelinked;
  constructor(id: string, version: number, payload: Recorded<OrderClientRelinkedV1>) {
    super(OrderClientRelinked.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}

/** A supplier confirmed or rejected a service (through the supplier bot). */
export class OrderServiceConfirmationSet extends OrderEvent<OrderServiceConfirmationSetV1> {
  static readonly eventName = ORDER_EVENTS.serviceConfirmationSet;
  constructor(orderId: string, version: number, payload: Recorded<OrderServiceConfirmationSetV1>) {
    super(OrderServiceConfirmationSet.eventName, 'order', orderId, version, extend(payload, { facts: null }));
  }
}

/** Destruction of the payer's personal data (152-FZ): the order keeps its sums under a pseudonym. */
export class OrderPayerPseudonymized extends OrderEvent<OrderPayerPseudonymizedV1> {
  static readonly eventName = ORDER_EVENTS.payerPseudonymized;
  constructor(id: string, version: number, payload: Recorded<OrderPayerPseudonymizedV1>) {
    super(OrderPayerPseudonymized.eventName, 'order', id, version, extend(payload, { facts: null }));
  }
}
