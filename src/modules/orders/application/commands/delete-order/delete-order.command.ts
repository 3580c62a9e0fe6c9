import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/** Soft-deletes a draft order; 409 for any other status. */
export class DeleteOrderCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly expectedVersion: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
