import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ServiceChangeOutcome } from '../service-change.result';

/** Removes one service; conflicts and totals are recalculated in the same transaction. */
export class RemoveServiceCommand extends Command<ServiceChangeOutcome> {
  constructor(
    readonly orderId: string,
    readonly serviceId: string,
    readonly expectedVersion: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
