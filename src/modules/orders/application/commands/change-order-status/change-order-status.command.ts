import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { OrderStatus } from '../../../domain/order-status';

/** Moves the order through its state machine; 409 listing the allowed statuses otherwise. */
export class ChangeOrderStatusCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly id: string,
    readonly status: OrderStatus,
    readonly reason: string | null,
    readonly expectedVersion: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
