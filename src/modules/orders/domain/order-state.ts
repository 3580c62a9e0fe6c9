import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { diffOf } from '../../../shared/domain/domain-event';
import { type FieldError, NotFoundError, ValidationError } from '../../../shared/domain/domain-error';
import type { Conflict } from './conflicts.policy';
import { OrderLockedError } from './order-errors';
import { OrderTotalsRecalculated } from './order.events';
import type { ChangeContext, OrderProps, PendingServiceWrites, Snapshot } from './order-input';
import { isClosed, type OrderStatus } from './order-status';
import { type OrderTotals, orderTotals, sameTotals } from './pricing.policy';
import { buildService, type Service, type ServiceInput } from './service';

/** The audited fields of an order as its events' diffs show them. */
export function orderSnapshot(p: Readonly<OrderProps>): Snapshot {
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

/**
 * The order's state and the helpers every part of the aggregate shares: reading props, the
 * service rows pending a write, the snapshot for diffs, the totals. `Order` is the class to use.
 */
export abstract class OrderState extends AggregateRoot {
  protected writes: PendingServiceWrites = { added: [], updated: [], removed: [] };

  protected constructor(
    id: string,
    version: number,
    protected props: OrderProps,
  ) {
    super(id, version);
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

  protected snapshot(): Snapshot {
    return orderSnapshot(this.props);
  }

  protected assertWritable(): void {
    if (isClosed(this.props.status)) throw new OrderLockedError(this.id, this.props.status);
  }

  protected touch(ctx: ChangeContext): void {
    this.props.updatedAt = ctx.now;
    this.props.updatedBy = ctx.by;
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

  protected markServiceWritten(service: Service): void {
    if (!this.writes.added.some((s) => s.id === service.id)) {
      this.writes.updated = [...this.writes.updated.filter((s) => s.id !== service.id), service];
    } else {
      this.writes.added = this.writes.added.map((s) => (s.id === service.id ? service : s));
    }
  }

  protected service(serviceId: string): Service {
    const s = this.props.services.find((x) => x.id === serviceId);
    if (!s) throw new NotFoundError('service', serviceId);
    return s;
  }

  protected validService(id: string, input: ServiceInput): Service {
    const errors: FieldError[] = [];
    const service = buildService(id, input, this.props.currency, this.props.travellerIds, errors);
    if (!service) throw new ValidationError(errors);
    return service;
  }
}
