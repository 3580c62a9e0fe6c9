import { DomainError } from '../../../shared/domain/domain-error';
import type { Conflict } from './conflicts.policy';

/** A status change the state machine does not allow; lists the ones it does. */
export class InvalidOrderTransitionError extends DomainError {
  constructor(id: string, from: string, to: string, allowed: readonly string[]) {
    super(
      'ORDERS.INVALID_TRANSITION',
      `order ${id} cannot go from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
      { from, to, allowed: [...allowed] },
    );
  }
}

/** The order is cancelled or completed: it and its services no longer change. */
export class OrderLockedError extends DomainError {
  constructor(id: string, status: string) {
    super('ORDERS.LOCKED', `order ${id} is ${status}; it and its services can no longer change`, { status });
  }
}

/** Only a draft order may be deleted. */
export class OrderNotDeletableError extends DomainError {
  constructor(id: string, status: string) {
    super('ORDERS.NOT_DELETABLE', `order ${id} is ${status}; only a draft order can be deleted`, { status });
  }
}

/** The change would create error-severity itinerary conflicts; `force: true` accepts them (audited). */
export class ServiceConflictError extends DomainError {
  constructor(conflicts: Conflict[]) {
    super(
      'ORDERS.SERVICE_CONFLICT',
      `The change creates ${conflicts.length} blocking itinerary conflict(s): ${conflicts.map((c) => c.code).join(', ')}; send force: true to save anyway`,
      { conflicts },
    );
  }
}

/** The order currency cannot change while services carry rates to it. */
export class CurrencyChangeError extends DomainError {
  constructor(id: string) {
    super('ORDERS.CURRENCY_LOCKED', `order ${id} has services priced in its currency; remove them first`);
  }
}
