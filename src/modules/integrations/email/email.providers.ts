import type { Provider } from '@nestjs/common';
import { EmailIntake } from './application/email-intake';
import { EMAIL_INTAKE_STORE } from './application/email-intake.port';
import { MAILBOX_CHECK, MAILBOX_STORE } from './application/mailbox-store.port';
import { EmailAckWorker } from './infrastructure/email-ack.worker';
import { EmailInbox } from './infrastructure/email-inbox';
import { EmailMessageWorker } from './infrastructure/email-message.worker';
import { ImapMailboxReader } from './infrastructure/imap-mailbox.reader';
import { ImapSmtpMailboxCheck } from './infrastructure/imap-smtp-mailbox.check';
import { SqlEmailIntakeStore } from './infrastructure/sql-email-intake.store';
import { SqlMailboxStore } from './infrastructure/sql-mailbox.store';

/** The e-mail channel (IMAP intake, SMTP acknowledgements), provided by the integrations module. */
export const EMAIL_PROVIDERS: Provider[] = [
  SqlMailboxStore,
  { provide: MAILBOX_STORE, useExisting: SqlMailboxStore },
  SqlEmailIntakeStore,
  { provide: EMAIL_INTAKE_STORE, useExisting: SqlEmailIntakeStore },
  { provide: MAILBOX_CHECK, useClass: ImapSmtpMailboxCheck },
  EmailInbox,
  EmailIntake,
  EmailMessageWorker,
  EmailAckWorker,
  ImapMailboxReader,
];
