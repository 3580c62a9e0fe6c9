import { uuidv7 } from '../../src/shared/domain/uuid';
import type { MailboxSettings } from '../../src/modules/integrations/email/domain/mailbox-settings';
import type { IntDb } from './int-db';

/** An active e-mail integration row (the mailbox itself is the store's business); returns its id. */
export async function insertEmailIntegration(db: IntDb, active = true): Promise<string> {
  const id = uuidv7();
  await db.q(
    `INSERT INTO integration_settings (id, type, purpose, bot_name, api_token_encrypted, webhook_secret_encrypted,
                                       key_id, token_fingerprint, is_active)
     VALUES ($1, 'email', 'sales', $2, 'sealed', 'sealed', 'k1', 'abcd', $3)`,
    [id, `mail_${id.slice(-6)}`, active],
  );
  return id;
}

export function mailboxSettings(
  over: { smtpPort?: number; imapPort?: number; password?: string } = {},
): MailboxSettings {
  return {
    imap: {
      host: '127.0.0.1',
      port: over.imapPort ?? 993,
      secure: false,
      user: 'zayavki@agency.test',
      password: over.password ?? 'Imap-Passw0rd-тест',
      mailbox: 'INBOX',
    },
    smtp: {
      host: '127.0.0.1',
      port: over.smtpPort ?? 465,
      secure: false,
      user: 'zayavki@agency.test',
      password: over.password ?? 'Imap-Passw0rd-тест',
      from: 'Турагентство <zayavki@agency.test>',
    },
  };
}
