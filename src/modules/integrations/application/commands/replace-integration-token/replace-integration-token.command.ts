import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/**
 * Replaces an integration's token (and its webhook secret) — needs `adminPassword` like `add`.
 * The old bot's webhook is removed; a running integration is started again with the new token.
 */
export class ReplaceIntegrationTokenCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly apiToken: string,
    readonly adminPassword: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
