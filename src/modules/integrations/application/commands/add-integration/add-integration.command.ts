import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { IntegrationPurpose, IntegrationType } from '../../../domain/integration';
import type { ImapSettings, SmtpSettings } from '../../../email/domain/mailbox-settings';

export interface AddIntegrationInput {
  type: IntegrationType;
  purpose: IntegrationPurpose;
  botName: string;
  /** Telegram: the bot token. WhatsApp: the access token. E-mail: none. */
  apiToken?: string;
  /** WhatsApp only. */
  phoneNumberId?: string;
  appSecret?: string;
  verifyToken?: string;
  templateName?: string;
  templateLanguage?: string;
  /** E-mail only: the mailbox settings, checked by parseMailboxSettings. */
  imap?: Partial<Record<keyof ImapSettings, unknown>>;
  smtp?: Partial<Record<keyof SmtpSettings, unknown>>;
}

/**
 * Stores a bot token (sealed), or a mailbox's settings with both passwords sealed, for a new, inactive integration. Needs `adminPassword` equal to
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
