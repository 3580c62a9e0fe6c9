import { diffOf } from '../../../shared/domain/domain-event';
import { forcedDiff, type ItineraryStep, itineraryStep } from './itinerary';
import {
  OrderConflictsDetected,
  OrderServiceAdded,
  OrderServiceConfirmationSet,
  OrderServiceRemoved,
  OrderServiceUpdated,
} from './order.events';
import { MAX_SERVICES, type ServiceChangeContext, type ServiceChangeResult } from './order-input';
import { OrderState } from './order-state';
import { inputOf, type Service, type ServiceChanges, type ServiceInput, serviceSnapshot } from './service';
import { carriedConfirmation, decideConfirmation, type SupplierAnswer } from './service-confirmation';
import { ValidationError } from '../../../shared/domain/domain-error';

/**
 * The order's itinerary: adding, changing and removing services (each through the conflict
 * check of `itineraryStep`, then the totals) and the suppliers' answers on them.
 */
export abstract class OrderItinerary extends OrderState {
  addService(id: string, input: ServiceInput, ctx: ServiceChangeContext): ServiceChangeResult {
    this.assertWritable();
    if (this.props.services.length >= MAX_SERVICES) {
      throw ValidationError.field('services', `an order holds at most ${MAX_SERVICES} services`);
    }
    const service = this.validService(id, input);
    const services = [...this.props.services, service];
    const step = this.applyItinerary(services, ctx, id);
    this.writes.added.push(service);
    this.record(
      new OrderServiceAdded(this.id, this.nextVersion, {
        number: this.props.number,
        serviceId: id,
        serviceType: service.type,
        diff: forcedDiff(
          step,
          diffOf(
            {} as Record<string, unknown>,
            serviceSnapshot(service),
            Object.keys(serviceSnapshot(service)),
          ),
        ),
        forced: step.forced,
        subject: { entity: 'service', id },
      }),
    );
    this.finishItineraryChange(step, ctx);
    return { service, conflicts: step.conflicts };
  }

  updateService(serviceId: string, changes: ServiceChanges, ctx: ServiceChangeContext): ServiceChangeResult {
    this.assertWritable();
    const current = this.service(serviceId);
    const merged: ServiceInput = { ...inputOf(current) };
    for (const [k, v] of Object.entries(changes)) {
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    // a rate belongs to its currency: a new currency without a rate takes the stored one (or none)
    const newCurrency =
      typeof changes.currency === 'string' && changes.currency.trim().toUpperCase() !== current.currency;
    if (changes.rate === undefined && newCurrency) {
      merged.rate = null;
      merged.rateSource = null;
      merged.rateDate = null;
    } else if (changes.rate !== undefined) {
      merged.rateSource = changes.rateSource ?? null;
      merged.rateDate = changes.rateDate ?? null;
    }
    const service = this.validService(serviceId, merged);
    service.confirmation = carriedConfirmation(current, service);
    const before = serviceSnapshot(current);
    const after = serviceSnapshot(service);
    const diff = diffOf(before, after, Object.keys(after));
    if (Object.keys(diff).length === 0) return { service: current, conflicts: [...this.props.conflicts] };
    const services = this.props.services.map((s) => (s.id === serviceId ? service : s));
    const step = this.applyItinerary(services, ctx, serviceId);
    this.markServiceWritten(service);
    this.record(
      new OrderServiceUpdated(this.id, this.nextVersion, {
        number: this.props.number,
        serviceId,
        serviceType: service.type,
        diff: forcedDiff(step, diff),
        forced: step.forced,
        subject: { entity: 'service', id: serviceId },
      }),
    );
    this.finishItineraryChange(step, ctx);
    return { service, conflicts: step.conflicts };
  }

  removeService(serviceId: string, ctx: ServiceChangeContext): ServiceChangeResult {
    this.assertWritable();
    const current = this.service(serviceId);
    const services = this.props.services.filter((s) => s.id !== serviceId);
    const step = this.applyItinerary(services, ctx, null);
    this.writes.added = this.writes.added.filter((s) => s.id !== serviceId);
    this.writes.updated = this.writes.updated.filter((s) => s.id !== serviceId);
    this.writes.removed.push(serviceId);
    const before = serviceSnapshot(current);
    this.record(
      new OrderServiceRemoved(this.id, this.nextVersion, {
        number: this.props.number,
        serviceId,
        serviceType: current.type,
        diff: diffOf(before, {} as Record<string, unknown>, Object.keys(before)),
        forced: false,
        subject: { entity: 'service', id: serviceId },
      }),
    );
    this.finishItineraryChange(step, ctx);
    return { service: null, conflicts: step.conflicts };
  }

  /**
   * The service's supplier confirms or rejects it. Returns false when the answer repeats the
   * stored one; the order's version moves on, its status and totals do not.
   */
  recordSupplierAnswer(serviceId: string, answer: SupplierAnswer, now: Date): boolean {
    const current = this.service(serviceId);
    const confirmation = decideConfirmation(current, answer, now);
    if (confirmation === null) return false;
    const previous = current.confirmation?.status ?? null;
    const service: Service = { ...current, confirmation };
    this.props.services = this.props.services.map((s) => (s.id === serviceId ? service : s));
    this.markServiceWritten(service);
    this.record(
      new OrderServiceConfirmationSet(this.id, this.nextVersion, {
        number: this.props.number,
        serviceId,
        serviceType: current.type,
        status: confirmation.status,
        supplier: confirmation.supplier,
        managerId: this.props.managerId,
        // the reason may name personal matters: its length only
        diff: {
          ...(previous === confirmation.status
            ? {}
            : { confirmationStatus: { from: previous, to: confirmation.status } }),
          ...(confirmation.reason === null
            ? {}
            : { rejectionReason: { from: null, to: `[${confirmation.reason.length} characters]` } }),
        },
        subject: { entity: 'service', id: serviceId },
      }),
    );
    return true;
  }

  /** Takes a checked itinerary over (the step throws when new error conflicts are not forced). */
  protected applyItinerary(
    services: Service[],
    ctx: ServiceChangeContext,
    changedId: string | null,
  ): ItineraryStep {
    const step = itineraryStep(this.props.conflicts, services, ctx, changedId);
    this.props.services = step.services;
    this.props.conflicts = step.conflicts;
    return step;
  }

  protected finishItineraryChange(step: ItineraryStep, ctx: ServiceChangeContext): void {
    if (step.fresh.length > 0) {
      this.record(
        new OrderConflictsDetected(this.id, this.nextVersion, {
          number: this.props.number,
          conflicts: step.fresh,
          forced: step.forced,
          diff: {
            conflicts: { from: null, to: step.fresh.map((c) => `${c.severity}:${c.code}`) },
            ...(step.forced ? { force: { from: false, to: true } } : {}),
          },
        }),
      );
    }
    this.touch(ctx);
    this.recalculateTotals(ctx);
  }
}
