import type { MailboxSettings } from '../domain/mailbox-settings';

/** Where a mailbox was read up to: UIDs are valid only with their UIDVALIDITY (RFC 3501 §2.3.1.1). */
export interface MailboxCursor {
  uidValidity: number | null;
  lastUid: number;
}

export interface StoredMailbox {
  integrationId: string;
  settings: MailboxSettings;
  cursor: MailboxCursor;
}

/** Mailbox settings of `email` integrations (passwords sealed at rest) and their IMAP cursor. */
export interface MailboxStore {
  insert(integrationId: string, settings: MailboxSettings): Promise<void>;
  /** Settings with the passwords opened; null when the integration has no mailbox. */
  find(integrationId: string): Promise<StoredMailbox | null>;
}

export const MAILBOX_STORE = Symbol('MailboxStore');

/** Logs in to the mailbox (IMAP: the mailbox opens; SMTP: the server accepts the login). */
export interface MailboxCheck {
  /** Rejects with a reason cleaned of the passwords. */
  verify(settings: MailboxSettings): Promise<void>;
}

export const MAILBOX_CHECK = Symbol('MailboxCheck');
