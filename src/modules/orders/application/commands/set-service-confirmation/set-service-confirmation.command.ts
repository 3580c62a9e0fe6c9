import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface ServiceConfirmationResult {
  orderId: string;
  number: string;
  managerId: string | null;
  serviceType: string;
  status: 'confirmed' | 'rejected';
}

/**
 * A supplier's answer about one of its services: confirmed, or rejected with a reason. Only the
 * service's own supplier may answer (404 otherwise, so a supplier learns nothing of others').
 */
export class SetServiceConfirmationCommand extends Command<ServiceConfirmationResult> {
  constructor(
    readonly serviceId: string,
    readonly supplier: string,
    readonly status: 'confirmed' | 'rejected',
    readonly reason: string | null,
    readonly actor: Actor,
  ) {
    super();
  }
}
