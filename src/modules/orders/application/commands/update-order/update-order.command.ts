import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { OrderChanges } from '../../../domain/order';

/** Changes the fields present (payer, travellers, currency while empty, deadline, note, manager). */
export class UpdateOrderCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly changes: OrderChanges,
    readonly actor: Actor,
  ) {
    super();
  }
}
