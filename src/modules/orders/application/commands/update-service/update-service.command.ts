import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ServiceChanges } from '../../../domain/service';
import type { ServiceChangeOutcome } from '../service-change.result';

/** Changes the fields present of one service; same checks as adding one. */
export class UpdateServiceCommand extends Command<ServiceChangeOutcome> {
  constructor(
    readonly orderId: string,
    readonly serviceId: string,
    readonly changes: ServiceChanges,
    readonly expectedVersion: number,
    readonly force: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}
