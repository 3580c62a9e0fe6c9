import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';
import type { Conflict } from './conflicts.policy';
import type { OrderTotals } from './pricing.policy';

/**
 * Events of the order aggregate. Payloads carry ids, figures and diffs — never personal data
 * (travellers are client ids; the payer's name stays out of the audit trail).
 */
export class OrderCreated extends DomainEvent<{ number: string; diff: Diff; applicationId: string | null }> {
  static readonly eventName = 'orders.created';
  constructor(
    id: string,
    version: number,
    payload: { number: string; diff: Diff; applicationId: string | null },
  ) {
    super(OrderCreated.eventName, 'order', id, version, payload);
  }
}

export class OrderUpdated extends DomainEvent<{ number: string; diff: Diff }> {
  static readonly eventName = 'orders.updated';
  constructor(id: string, version: number, payload: { number: string; diff: Diff }) {
    super(OrderUpdated.eventName, 'order', id, version, payload);
  }
}

export class OrderStatusChanged extends DomainEvent<{
  number: string;
  from: string;
  to: string;
  reason: string | null;
  diff: Diff;
}> {
  static readonly eventName = 'orders.status-changed';
  constructor(
    id: string,
    version: number,
    payload: { number: string; from: string; to: string; reason: string | null; diff: Diff },
  ) {
    super(OrderStatusChanged.eventName, 'order', id, version, payload);
  }
}

interface ServicePayload {
  number: string;
  serviceId: string;
  serviceType: string;
  diff: Diff;
  forced: boolean;
  subject: { entity: 'service'; id: string };
}

export class OrderServiceAdded extends DomainEvent<ServicePayload> {
  static readonly eventName = 'orders.service-added';
  constructor(id: string, version: number, payload: ServicePayload) {
    super(OrderServiceAdded.eventName, 'order', id, version, payload);
  }
}

export class OrderServiceUpdated extends DomainEvent<ServicePayload> {
  static readonly eventName = 'orders.service-updated';
  constructor(id: string, version: number, payload: ServicePayload) {
    super(OrderServiceUpdated.eventName, 'order', id, version, payload);
  }
}

export class OrderServiceRemoved extends DomainEvent<ServicePayload> {
  static readonly eventName = 'orders.service-removed';
  constructor(id: string, version: number, payload: ServicePayload) {
    super(OrderServiceRemoved.eventName, 'order', id, version, payload);
  }
}

export class OrderTotalsRecalculated extends DomainEvent<{
  number: string;
  currency: string;
  from: OrderTotals;
  to: OrderTotals;
  diff: Diff;
}> {
  static readonly eventName = 'orders.totals-recalculated';
  constructor(
    id: string,
    version: number,
    payload: { number: string; currency: string; from: OrderTotals; to: OrderTotals; diff: Diff },
  ) {
    super(OrderTotalsRecalculated.eventName, 'order', id, version, payload);
  }
}

/** New itinerary conflicts appeared; `forced` when error-severity ones were accepted with `force`. */
export class OrderConflictsDetected extends DomainEvent<{
  number: string;
  conflicts: Conflict[];
  forced: boolean;
  diff: Diff;
}> {
  static readonly eventName = 'orders.conflicts-detected';
  constructor(
    id: string,
    version: number,
    payload: { number: string; conflicts: Conflict[]; forced: boolean; diff: Diff },
  ) {
    super(OrderConflictsDetected.eventName, 'order', id, version, payload);
  }
}

export class OrderDeleted extends DomainEvent<{ number: string; diff: Diff }> {
  static readonly eventName = 'orders.deleted';
  constructor(id: string, version: number, payload: { number: string; diff: Diff }) {
    super(OrderDeleted.eventName, 'order', id, version, payload);
  }
}

/** A client merge moved the payer and/or travellers of this order from the duplicate to the survivor. */
export class OrderClientRelinked extends DomainEvent<{
  number: string;
  fromClientId: string;
  toClientId: string;
  diff: Diff;
}> {
  static readonly eventName = 'orders.client-relinked';
  constructor(
    id: string,
    version: number,
    payload: { number: string; fromClientId: string; toClientId: string; diff: Diff },
  ) {
    super(OrderClientRelinked.eventName, 'order', id, version, payload);
  }
}

/** A supplier confirmed or rejected a service (through the supplier bot). */
export class OrderServiceConfirmationSet extends DomainEvent<{
  number: string;
  serviceId: string;
  serviceType: string;
  status: 'confirmed' | 'rejected';
  supplier: string;
  managerId: string | null;
  diff: Diff;
  subject: { entity: 'service'; id: string };
}> {
  static readonly eventName = 'orders.service-confirmation-set';
  constructor(
    orderId: string,
    version: number,
    payload: {
      number: string;
      serviceId: string;
      serviceType: string;
      status: 'confirmed' | 'rejected';
      supplier: string;
      managerId: string | null;
      diff: Diff;
      subject: { entity: 'service'; id: string };
    },
  ) {
    super(OrderServiceConfirmationSet.eventName, 'order', orderId, version, payload);
  }
}

/** Destruction of the payer's personal data (152-FZ): the order keeps its sums under a pseudonym. */
export class OrderPayerPseudonymized extends DomainEvent<{ number: string; pseudonym: string }> {
  static readonly eventName = 'orders.payer-pseudonymized';
  constructor(id: string, version: number, payload: { number: string; pseudonym: string }) {
    super(OrderPayerPseudonymized.eventName, 'order', id, version, payload);
  }
}
