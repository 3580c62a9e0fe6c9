import { type Diff, diffOf } from '../../../shared/domain/domain-event';
import { type FieldError, ValidationError } from '../../../shared/domain/domain-error';
import { CurrencyChangeError, InvalidOrderTransitionError, OrderNotDeletableError } from './order-errors';
import {
  OrderClientRelinked,
  OrderCreated,
  OrderDeleted,
  OrderStatusChanged,
  OrderUpdated,
} from './order.events';
import { allowedTransitions, canTransition, type OrderStatus } from './order-status';
import {
  type ChangeContext,
  normalise,
  type OrderChanges,
  type OrderInput,
  type OrderProps,
  type Snapshot,
  SNAPSHOT_KEYS,
  uuid,
} from './order-input';
import { OrderItinerary } from './order-itinerary';
import { MAX_CANCEL_REASON } from './order-limits';
import { orderSnapshot } from './order-state';
import { ZERO_TOTALS } from './pricing.policy';

export * from './order-input';

/**
 * An order of the agency with its services (one aggregate): the status machine, the itinerary
 * (services with conflict checks, in `OrderItinerary`) and the totals (in `OrderState`), which
 * change only through its methods.
 */
export class Order extends OrderItinerary {
  private constructor(id: string, version: number, props: OrderProps) {
    super(id, version, props);
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
    const diff = diffOf(before, orderSnapshot(next), SNAPSHOT_KEYS);
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
    if (why.length > MAX_CANCEL_REASON) {
      throw ValidationError.field('reason', `reason must be at most ${MAX_CANCEL_REASON} characters`);
    }
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
}
