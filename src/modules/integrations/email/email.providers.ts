import type { Provider } from '@nestjs/common';
import { MAILBOX_CHECK, MAILBOX_STORE } from './application/mailbox-store.port';
import { EmailAckWorker } from './infrastructure/email-ack.worker';
import { EmailInbox } from './infrastructure/email-inbox';
import { EmailAcknowledgements } from './infrastructure/email-acknowledgements';
import { EmailChannelAdapter } from './infrastructure/email-channel.adapter';
import { ImapMailboxReader } from './infrastructure/imap-mailbox.reader';
import { ImapSmtpMailboxCheck } from './infrastructure/imap-smtp-mailbox.check';
import { SqlMailboxStore } from './infrastructure/sql-mailbox.store';

/** The e-mail channel (IMAP intake, SMTP acknowledgements), provided by the integrations module. */
export const EMAIL_PROVIDERS: Provider[] = [
  SqlMailboxStore,
  { provide: MAILBOX_STORE, useExisting: SqlMailboxStore },
  { provide: MAILBOX_CHECK, useClass: ImapSmtpMailboxCheck },
  EmailInbox,
  EmailAcknowledgements,
  EmailAckWorker,
  EmailChannelAdapter,
  ImapMailboxReader,
];
