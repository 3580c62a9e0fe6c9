import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ServiceInput } from '../../../domain/service';
import type { ServiceChangeOutcome } from '../service-change.result';

/**
 * Adds a service to an order: validated, conflict-checked (new error conflicts → 409 unless
 * `force`, which needs `orders.force` and is audited), totals recalculated — one transaction.
 */
export class AddServiceCommand extends Command<ServiceChangeOutcome> {
  constructor(
    readonly orderId: string,
    readonly input: ServiceInput,
    readonly expectedVersion: number | undefined,
    readonly force: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}
