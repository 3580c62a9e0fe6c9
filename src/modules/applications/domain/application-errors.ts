import { DomainError } from '../../../shared/domain/domain-error';
import type { ApplicationStatus } from './application';

/** A status change the transition table does not allow; lists the allowed targets. */
export class ApplicationTransitionError extends DomainError {
  constructor(id: string, from: ApplicationStatus, to: string, allowed: readonly string[]) {
    super(
      'APPLICATIONS.INVALID_TRANSITION',
      `application ${id} cannot go from ${from} to ${to}; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
      { from, to, allowed: [...allowed] },
    );
  }
}

/** The application already became an order. */
export class ApplicationAlreadyConvertedError extends DomainError {
  constructor(id: string, orderId: string | null) {
    super('APPLICATIONS.ALREADY_CONVERTED', `application ${id} was already converted to order ${orderId}`, {
      orderId,
    });
  }
}
