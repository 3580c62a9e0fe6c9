import type { MailKind } from './mail-classification';

/** A received e-mail as the intake needs it (the raw source stays sealed in the inbox). */
export interface InboundEmail {
  /** Without angle brackets; null when the message has none. */
  messageId: string | null;
  inReplyTo: string[];
  /** Oldest first, as in the header. */
  references: string[];
  fromAddress: string | null;
  fromName: string | null;
  /** Every address the message was delivered to (To, Cc, Delivered-To, X-Original-To), lower-case. */
  recipients: string[];
  subject: string | null;
  text: string | null;
  date: Date | null;
  kind: MailKind;
  attachments: InboundAttachment[];
}

export interface InboundAttachment {
  fileName: string | null;
  content: Buffer;
  /** Inline parts of an HTML body (signature logos, cid: pictures). */
  inline: boolean;
}

export const MAX_SUBJECT = 300;

/** The application text of an e-mail: its subject on the first line, then the body. */
export function applicationText(mail: Pick<InboundEmail, 'subject' | 'text'>, max: number): string | null {
  const subject = mail.subject ? `Тема: ${mail.subject.slice(0, MAX_SUBJECT)}` : null;
  const joined = [subject, mail.text].filter((p): p is string => p !== null && p.trim() !== '').join('\n\n');
  if (joined === '') return null;
  return joined.length > max ? `${joined.slice(0, max - 1)}…` : joined;
}

const ROBOT_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)([+-].*)?@/i;

/** Whether the sender may get an acknowledgement: a person's address that is not the mailbox itself. */
export function mayAcknowledge(
  mail: Pick<InboundEmail, 'kind' | 'fromAddress'>,
  ownAddresses: string[],
): boolean {
  if (mail.kind !== 'personal' || !mail.fromAddress) return false;
  if (ROBOT_SENDER.test(mail.fromAddress)) return false;
  const own = ownAddresses.map((a) => a.toLowerCase());
  const [local, domain] = [mail.fromAddress.split('@')[0].split('+')[0], mail.fromAddress.split('@')[1]];
  return !own.some((o) => o.split('@')[1] === domain && o.split('@')[0].split('+')[0] === local);
}
