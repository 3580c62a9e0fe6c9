import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface CreateOrderInput {
  /** The payer. */
  clientId: string;
  /** Client ids of the travellers; defaults to the payer. */
  travellerIds?: string[];
  /** ISO 4217. */
  currency: string;
  /** Payment due, ISO 8601 with offset. */
  deadline?: string | null;
  note?: string | null;
  /** The responsible manager (user id); defaults to the actor. */
  managerId?: string | null;
  /** The application this order was converted from, if any. */
  applicationId?: string | null;
}

/** Contract used by other modules (applications → convert). */
export class CreateOrderCommand extends Command<{ id: string; number: string; version: number }> {
  constructor(
    readonly input: CreateOrderInput,
    readonly actor: Actor,
  ) {
    super();
  }
}
