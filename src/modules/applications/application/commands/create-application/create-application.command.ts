import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ApplicationInput } from '../../../domain/application';

export interface CreateApplicationResult {
  id: string;
  /** The human number (`З-2026-000123`). */
  number: string;
  version: number;
  /** The linked client: the explicit one, or the one found by the contact, or null. */
  clientId: string | null;
}

/**
 * Records an application from any channel. An explicit `clientId` must exist; without one, the
 * contact's e-mail or phone links the application to the client that holds it, if exactly one does.
 */
export class CreateApplicationCommand extends Command<CreateApplicationResult> {
  constructor(
    readonly input: ApplicationInput,
    readonly actor: Actor,
  ) {
    super();
  }
}
