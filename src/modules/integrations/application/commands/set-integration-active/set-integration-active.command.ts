import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/**
 * Starts a bot (`getMe`, then `setWebhook` to PUBLIC_BASE_URL with the secret token) or stops it
 * (`deleteWebhook`), without a restart. A refused token leaves the integration inactive with
 * `lastError` set (409 INTEGRATIONS.CONNECTION_FAILED); the process carries on.
 */
export class SetIntegrationActiveCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly active: boolean,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Marks a running integration failed when the Bot API refuses its token at run time. */
export class RecordIntegrationFailureCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly error: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
