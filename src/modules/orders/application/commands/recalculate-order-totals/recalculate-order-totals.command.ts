import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { OrderTotals } from '../../../domain/pricing.policy';

/**
 * Recomputes the totals from the services (the service commands do this themselves); records
 * `orders.totals-recalculated` only when the figures change.
 */
export class RecalculateOrderTotalsCommand extends Command<{
  id: string;
  version: number;
  totals: OrderTotals;
  changed: boolean;
}> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
