import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { IntegrationPurpose, IntegrationType } from '../../../domain/integration';

export interface AddIntegrationInput {
  type: IntegrationType;
  purpose: IntegrationPurpose;
  botName: string;
  /** Telegram: the bot token. WhatsApp: the access token. */
  apiToken: string;
  /** WhatsApp only. */
  phoneNumberId?: string;
  appSecret?: string;
  verifyToken?: string;
  templateName?: string;
  templateLanguage?: string;
}

/**
 * Stores a bot token (sealed) for a new, inactive integration. Needs `adminPassword` equal to
 * ADMIN_PASSWORD (constant-time compare; attempts throttled per user) besides an admin's JWT.
 */
export class AddIntegrationCommand extends Command<{ id: string }> {
  constructor(
    readonly input: AddIntegrationInput,
    readonly adminPassword: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
