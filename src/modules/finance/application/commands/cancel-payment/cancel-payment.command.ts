import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/** Cancels a payment with a reversal entry; returns the reversal's id. */
export class CancelPaymentCommand extends Command<{ id: string; reversalId: string }> {
  constructor(
    readonly paymentId: string,
    readonly reason: string | null,
    readonly actor: Actor,
  ) {
    super();
  }
}
