import { createHash } from 'node:crypto';
import type { InboundAttachment, InboundMessage } from '../../application/inbound/inbound-message.port';
import { applicationText, type InboundEmail, mayAcknowledge } from '../domain/inbound-email';
import type { MailKind } from '../domain/mail-classification';
import { tokenFromRecipients } from '../domain/reply-token';
import { MAX_TEXT } from '../../../applications/contracts/applications.limits';

/** What the e-mail adapter keeps of a message besides the port's fields (sealed with it). */
export interface EmailRaw {
  kind: MailKind;
  /** Whether the sender may get an acknowledgement (a person, not the mailbox itself). */
  acknowledge: boolean;
  /** The Message-ID as written (the acknowledgement answers it). */
  messageId: string | null;
  /** The message's bytes (base64), kept only while it has attachments to fetch. */
  source?: string;
}

export interface EmailLimits {
  /** Files taken from one message; the rest are named in the text as not stored. */
  maxAttachments: number;
  maxAttachmentBytes: number;
}

const sha256 = (v: string | Buffer): string => createHash('sha256').update(v).digest('hex');

/** The reference a Message-ID is known by in the inbound port (a hash: compact, no addresses). */
export const messageRef = (messageId: string): string => `mid:${sha256(messageId.trim().toLowerCase())}`;
/** The reference of a plus-address token. */
export const tokenRef = (token: string): string => `tok:${token}`;

/** The provider message id of an e-mail: its Message-ID's reference, or a hash of its bytes when it has none. */
export function providerMessageId(mail: Pick<InboundEmail, 'messageId'>, source: Buffer): string {
  return mail.messageId ? messageRef(mail.messageId) : `raw:${sha256(source)}`;
}

const ADDRESS_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** When the customer sent it: the Date header if it is plausible, else when it was read. */
function sentAt(date: Date | null, now: Date): string {
  if (!date || Number.isNaN(date.getTime())) return now.toISOString();
  const skew = date.getTime() - now.getTime();
  return skew > 5 * 60_000 || skew < -366 * 86_400_000 ? now.toISOString() : date.toISOString();
}

/**
 * Translates a parsed e-mail into the inbound port's message: threading references (In-Reply-To,
 * then References newest first, then the plus-address token), the files it may keep (not inline,
 * within the limits; the rest named in the text), and what the adapter needs back later.
 */
export function toInboundMessage(
  integrationId: string,
  mail: InboundEmail,
  source: Buffer,
  own: string[],
  limits: EmailLimits,
  now: Date,
): InboundMessage {
  const files: InboundAttachment[] = [];
  const skipped: string[] = [];
  mail.attachments.forEach((a, i) => {
    if (a.inline) return;
    const name = a.fileName ?? 'без имени';
    if (files.length >= limits.maxAttachments)
      skipped.push(`${name}: больше ${limits.maxAttachments} файлов`);
    else if (a.content.length > limits.maxAttachmentBytes)
      skipped.push(`${name}: больше ${Math.floor(limits.maxAttachmentBytes / 1048576)} МБ`);
    else files.push({ ref: `part:${i}`, fileName: a.fileName, contentType: null, size: a.content.length });
  });
  const body =
    skipped.length > 0
      ? `${mail.text ?? ''}\n\nНе сохранены вложения:\n${skipped.map((s) => `- ${s}`).join('\n')}`.trim()
      : mail.text;
  const [replyTo, ...moreReplies] = mail.inReplyTo;
  const tokens = own
    .map((o) => tokenFromRecipients(o, mail.recipients))
    .filter((t): t is string => t !== null);
  const references = [...new Set([...moreReplies, ...[...mail.references].reverse()])]
    .filter((r) => r !== replyTo)
    .map(messageRef);
  const email =
    mail.fromAddress && mail.fromAddress.length <= 254 && ADDRESS_RE.test(mail.fromAddress)
      ? mail.fromAddress
      : null;
  const raw: EmailRaw = {
    kind: mail.kind,
    acknowledge: email !== null && mayAcknowledge(mail, own),
    messageId: mail.messageId,
    ...(files.length > 0 ? { source: source.toString('base64') } : {}),
  };
  return {
    channel: 'email',
    integrationId,
    providerMessageId: providerMessageId(mail, source),
    sender: email ?? mail.fromAddress ?? 'unknown',
    contact: { name: mail.fromName ? mail.fromName.slice(0, 200) : null, email },
    text: applicationText({ subject: mail.subject, text: body }, MAX_TEXT),
    attachments: files,
    replyTo: replyTo ? messageRef(replyTo) : null,
    references: [...references, ...tokens.map(tokenRef)],
    threadKey: null,
    receivedAt: sentAt(mail.date, now),
    raw,
  };
}
