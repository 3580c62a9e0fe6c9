import type { DomainEvent } from '../../../../shared/domain/domain-event';
import type { OrderFactsV1, ServiceSnapshotV1 } from '../../contracts/orders.events';
import type { Order } from '../../domain/order';
import type { Service } from '../../domain/service';

const place = (p: Service['location']) => ({
  city: p.city,
  country: p.country,
  timeZone: p.timeZone,
  iata: p.iata ?? null,
});

export function serviceSnapshot(s: Service): ServiceSnapshotV1 {
  return {
    type: s.type,
    supplier: s.supplier,
    startAt: s.startAt.toISOString(),
    endAt: s.endAt.toISOString(),
    location: place(s.location),
    destination: s.destination ? place(s.destination) : null,
    bookingRef: s.bookingRef,
    travellers: s.travellerIds.length,
  };
}

/** The order's facts as saved (call after `pullEvents()`, which moved the version forward). */
export function orderFacts(order: Order): OrderFactsV1 {
  const p = order.state();
  return {
    number: p.number,
    status: p.status,
    currency: p.currency,
    clientId: p.clientId,
    managerId: p.managerId,
    deadline: p.deadline ? p.deadline.toISOString() : null,
    createdAt: p.createdAt.toISOString(),
    totalAmount: p.totals.totalAmount,
    commission: p.totals.commission,
    supplierCost: p.totals.supplierCost,
    version: order.version,
  };
}

interface Enrichable {
  withFacts?: (facts: OrderFactsV1) => void;
  withService?: (service: ServiceSnapshotV1 | null) => void;
  payload: object;
}

/**
 * Puts what the after-commit subscribers need into the order's events (issue 18: no re-reads of
 * the order per subscriber): the order's facts after the command, and a changed service's
 * snapshot. Returns the same events.
 */
export function withOrderFacts<E extends DomainEvent<object>>(order: Order, events: E[]): E[] {
  const facts = orderFacts(order);
  const services = new Map(order.services.map((s) => [s.id, s]));
  for (const e of events as unknown as Enrichable[]) {
    e.withFacts?.(facts);
    const serviceId = (e.payload as { serviceId?: unknown }).serviceId;
    if (e.withService && typeof serviceId === 'string') {
      const s = services.get(serviceId);
      e.withService(s ? serviceSnapshot(s) : null);
    }
  }
  return events;
}
