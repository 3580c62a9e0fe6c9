import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import type { MailboxCheck } from '../application/mailbox-store.port';
import type { MailboxSettings } from '../domain/mailbox-settings';
import { describeMailError, imapClient, scrubSecrets, smtpTransport } from './imap-connection';

/** Activation check of an e-mail integration: a real IMAP login + SELECT, and an SMTP login. */
@Injectable()
export class ImapSmtpMailboxCheck implements MailboxCheck {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async verify(s: MailboxSettings): Promise<void> {
    const secrets = [s.imap.password, s.smtp.password];
    const client = imapClient(s.imap, { allowSelfSigned: this.config.email.allowSelfSigned });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.mailboxOpen(s.imap.mailbox, { readOnly: true });
      await client.logout();
    } catch (err) {
      client.close();
      throw new Error(scrubSecrets(`IMAP: ${describeMailError(err)}`, secrets));
    }
    const transport = smtpTransport(s.smtp, { allowSelfSigned: this.config.email.allowSelfSigned });
    try {
      await transport.verify();
    } catch (err) {
      throw new Error(scrubSecrets(`SMTP: ${describeMailError(err)}`, secrets));
    } finally {
      transport.close();
    }
  }
}
