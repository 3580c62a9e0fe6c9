import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { type Diff, diffOf } from '../../../shared/domain/domain-event';
import { type FieldError, NotFoundError, ValidationError } from '../../../shared/domain/domain-error';
import type { Conflict } from './conflicts.policy';
import { forcedDiff, type ItineraryStep, itineraryStep } from './itinerary';
import {
  CurrencyChangeError,
  InvalidOrderTransitionError,
  OrderLockedError,
  OrderNotDeletableError,
} from './order-errors';
import {
  OrderClientRelinked,
  OrderConflictsDetected,
  OrderCreated,
  OrderDeleted,
  OrderServiceAdded,
  OrderServiceConfirmationSet,
  OrderServiceRemoved,
  OrderServiceUpdated,
  OrderStatusChanged,
  OrderTotalsRecalculated,
  OrderUpdated,
} from './order.events';
import { allowedTransitions, canTransition, isClosed, type OrderStatus } from './order-status';
import { type OrderTotals, orderTotals, sameTotals, ZERO_TOTALS } from './pricing.policy';
import {
  buildService,
  inputOf,
  type Service,
  type ServiceChanges,
  type ServiceInput,
  serviceSnapshot,
} from './service';
import { carriedConfirmation, decideConfirmation, type SupplierAnswer } from './service-confirmation';

import {
  type ChangeContext,
  MAX_SERVICES,
  normalise,
  type OrderChanges,
  type OrderInput,
  type OrderProps,
  type PendingServiceWrites,
  type ServiceChangeContext,
  type ServiceChangeResult,
  type Snapshot,
  SNAPSHOT_KEYS,
  uuid,
} from './order-input';

export * from './order-input';

/**
 * An order of the agency with its services (one aggregate): the status machine, the itinerary
 * (services with conflict checks) and the totals, which change only through its methods.
 */
export class Order extends AggregateRoot {
  private writes: PendingServiceWrites = { added: [], updated: [], removed: [] };

  private constructor(
    id: string,
    version: number,
    private props: OrderProps,
  ) {
    super(id, version);
  }

  static create(id: string, number: string, input: OrderInput, payerName: string, ctx: ChangeContext): Order {
    const errors: FieldError[] = [];
    const n = normalise(
      {
        clientId: input.clientId,
        travellerIds: input.travellerIds,
        currency: input.currency ?? '',
        deadline: input.deadline,
        note: input.note,
        managerId: input.managerId,
      },
      errors,
    );
    const applicationId =
      input.applicationId === undefined || input.applicationId === null
        ? null
        : uuid(input.applicationId, 'applicationId', errors);
    if (errors.length > 0) throw new ValidationError(errors);
    const order = new Order(id, 0, {
      number,
      status: 'draft',
      currency: n.currency!,
      clientId: n.clientId!,
      payerName,
      travellerIds: n.travellerIds ?? [n.clientId!],
      managerId: n.managerId ?? ctx.by,
      deadline: n.deadline ?? null,
      note: n.note ?? null,
      applicationId,
      cancelReason: null,
      totals: { ...ZERO_TOTALS },
      conflicts: [],
      services: [],
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: ctx.by,
      updatedBy: ctx.by,
      deletedAt: null,
    });
    const empty = Object.fromEntries(SNAPSHOT_KEYS.map((k) => [k, null])) as Snapshot;
    order.record(
      new OrderCreated(id, 1, {
        number,
        applicationId,
        diff: diffOf(empty, order.snapshot(), SNAPSHOT_KEYS),
      }),
    );
    return order;
  }

  static reconstitute(id: string, version: number, props: OrderProps): Order {
    return new Order(id, version, props);
  }

  get number(): string {
    return this.props.number;
  }
  get status(): OrderStatus {
    return this.props.status;
  }
  get currency(): string {
    return this.props.currency;
  }
  get clientId(): string {
    return this.props.clientId;
  }
  get travellerIds(): readonly string[] {
    return this.props.travellerIds;
  }
  get totals(): OrderTotals {
    return this.props.totals;
  }
  get conflicts(): readonly Conflict[] {
    return this.props.conflicts;
  }
  get services(): readonly Service[] {
    return this.props.services;
  }
  get deleted(): boolean {
    return this.props.deletedAt !== null;
  }

  /** Every client the order points at: the payer and every traveller of the order and its services. */
  get clientIds(): string[] {
    return [
      ...new Set([
        this.props.clientId,
        ...this.props.travellerIds,
        ...this.props.services.flatMap((s) => s.travellerIds),
      ]),
    ];
  }

  state(): Readonly<OrderProps> {
    return this.props;
  }

  /** Service rows changed since load; cleared by the repository once written. */
  pendingServiceWrites(): PendingServiceWrites {
    return this.writes;
  }

  clearServiceWrites(): void {
    this.writes = { added: [], updated: [], removed: [] };
  }

  private snapshot(): Snapshot {
    const p = this.props;
    return {
      status: p.status,
      currency: p.currency,
      clientId: p.clientId,
      travellerIds: p.travellerIds,
      managerId: p.managerId,
      deadline: p.deadline ? p.deadline.toISOString() : null,
      note: p.note,
      cancelReason: p.cancelReason,
    };
  }

  private assertWritable(): void {
    if (isClosed(this.props.status)) throw new OrderLockedError(this.id, this.props.status);
  }

  private touch(ctx: ChangeContext): void {
    this.props.updatedAt = ctx.now;
    this.props.updatedBy = ctx.by;
  }

  /** Changes the fields present; `payerName` is the new payer's name when `clientId` changes. */
  update(changes: OrderChanges, ctx: ChangeContext, payerName?: string): Diff {
    this.assertWritable();
    const errors: FieldError[] = [];
    const n = normalise(changes, errors);
    if (n.travellerIds) {
      const kept = new Set(n.travellerIds);
      this.props.services.forEach((s) => {
        const missing = s.travellerIds.filter((t) => !kept.has(t));
        if (missing.length > 0) {
          errors.push({
            field: 'travellerIds',
            message: `traveller ${missing[0]} still takes part in service ${s.id}; change the service first`,
          });
        }
      });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    if (n.currency !== undefined && n.currency !== this.props.currency && this.props.services.length > 0) {
      throw new CurrencyChangeError(this.id);
    }
    const before = this.snapshot();
    const next: OrderProps = {
      ...this.props,
      ...Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)),
    };
    const diff = diffOf(before, new Order(this.id, this.version, next).snapshot(), SNAPSHOT_KEYS);
    if (Object.keys(diff).length === 0) return {};
    this.props = next;
    if (diff.clientId && payerName !== undefined) this.props.payerName = payerName;
    this.touch(ctx);
    this.record(new OrderUpdated(this.id, this.nextVersion, { number: this.props.number, diff }));
    return diff;
  }

  changeStatus(to: OrderStatus, reason: string | null | undefined, ctx: ChangeContext): void {
    const from = this.props.status;
    if (!canTransition(from, to)) {
      throw new InvalidOrderTransitionError(this.id, from, to, allowedTransitions(from));
    }
    const why = (reason ?? '').trim();
    if (to === 'cancelled' && why === '') {
      throw ValidationError.field('reason', 'reason is required to cancel an order');
    }
    if (why.length > 1000) throw ValidationError.field('reason', 'reason must be at most 1000 characters');
    const before = this.snapshot();
    this.props.status = to;
    if (to === 'cancelled') this.props.cancelReason = why;
    this.touch(ctx);
    this.record(
      new OrderStatusChanged(this.id, this.nextVersion, {
        number: this.props.number,
        from,
        to,
        reason: why === '' ? null : why,
        diff: diffOf(before, this.snapshot(), SNAPSHOT_KEYS),
      }),
    );
  }

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

  get managerId(): string | null {
    return this.props.managerId;
  }

  /** Recomputes the totals from the services; records `orders.totals-recalculated` when they change. */
  recalculateTotals(ctx: ChangeContext): boolean {
    const next = orderTotals(
      this.props.services.map((s) => ({ amount: s.amount, commission: s.commissionAmount })),
    );
    const from = this.props.totals;
    if (sameTotals(from, next)) return false;
    this.props.totals = next;
    this.touch(ctx);
    this.record(
      new OrderTotalsRecalculated(this.id, this.nextVersion, {
        number: this.props.number,
        currency: this.props.currency,
        from,
        to: next,
        diff: diffOf(from, next, ['totalAmount', 'commission', 'supplierCost', 'margin']),
      }),
    );
    return true;
  }

  /** Soft delete; only a draft. */
  delete(ctx: ChangeContext): void {
    if (this.props.status !== 'draft') throw new OrderNotDeletableError(this.id, this.props.status);
    this.props.deletedAt = ctx.now;
    this.touch(ctx);
    this.record(
      new OrderDeleted(this.id, this.nextVersion, {
        number: this.props.number,
        diff: { deletedAt: { from: null, to: ctx.now.toISOString() } },
      }),
    );
  }

  /**
   * A client merge: every reference to `fromClientId` (payer, order travellers, service
   * travellers) now points at `toClientId`. Works on closed orders too: the history must not
   * point at a tombstone.
   */
  relinkClient(fromClientId: string, toClientId: string, ctx: ChangeContext, payerName?: string): boolean {
    const swap = (ids: readonly string[]) => [
      ...new Set(ids.map((t) => (t === fromClientId ? toClientId : t))),
    ];
    if (!this.clientIds.includes(fromClientId)) return false;
    const before = this.snapshot();
    const beforeServices = Object.fromEntries(this.props.services.map((s) => [s.id, s.travellerIds]));
    if (this.props.clientId === fromClientId) {
      this.props.clientId = toClientId;
      if (payerName !== undefined) this.props.payerName = payerName;
    }
    this.props.travellerIds = swap(this.props.travellerIds);
    this.props.services = this.props.services.map((s) => {
      if (!s.travellerIds.includes(fromClientId)) return s;
      const moved = { ...s, travellerIds: swap(s.travellerIds) };
      if (!this.writes.added.some((a) => a.id === s.id)) {
        this.writes.updated = [...this.writes.updated.filter((u) => u.id !== s.id), moved];
      }
      return moved;
    });
    // stored conflicts name travellers too: they follow the merge
    this.props.conflicts = this.props.conflicts.map((c) => ({
      ...c,
      travellerIds: swap(c.travellerIds).sort(),
    }));
    const diff = diffOf(before, this.snapshot(), SNAPSHOT_KEYS);
    for (const s of this.props.services) {
      if (JSON.stringify(beforeServices[s.id]) !== JSON.stringify(s.travellerIds)) {
        diff[`services.${s.id}.travellerIds`] = { from: beforeServices[s.id], to: s.travellerIds };
      }
    }
    this.touch(ctx);
    this.record(
      new OrderClientRelinked(this.id, this.nextVersion, {
        number: this.props.number,
        fromClientId,
        toClientId,
        diff,
      }),
    );
    return true;
  }

  private markServiceWritten(service: Service): void {
    if (!this.writes.added.some((s) => s.id === service.id)) {
      this.writes.updated = [...this.writes.updated.filter((s) => s.id !== service.id), service];
    } else {
      this.writes.added = this.writes.added.map((s) => (s.id === service.id ? service : s));
    }
  }

  private service(serviceId: string): Service {
    const s = this.props.services.find((x) => x.id === serviceId);
    if (!s) throw new NotFoundError('service', serviceId);
    return s;
  }

  private validService(id: string, input: ServiceInput): Service {
    const errors: FieldError[] = [];
    const service = buildService(id, input, this.props.currency, this.props.travellerIds, errors);
    if (!service) throw new ValidationError(errors);
    return service;
  }

  /** Takes a checked itinerary over (the step throws when new error conflicts are not forced). */
  private applyItinerary(
    services: Service[],
    ctx: ServiceChangeContext,
    changedId: string | null,
  ): ItineraryStep {
    const step = itineraryStep(this.props.conflicts, services, ctx, changedId);
    this.props.services = step.services;
    this.props.conflicts = step.conflicts;
    return step;
  }

  private finishItineraryChange(step: ItineraryStep, ctx: ServiceChangeContext): void {
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
