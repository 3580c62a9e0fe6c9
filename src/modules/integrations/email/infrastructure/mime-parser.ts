import iconv from 'iconv-lite';
import type { AddressObject } from 'mailparser';
import type { InboundEmail } from '../domain/inbound-email';
import { onFirstUse } from '../../../../shared/runtime/on-first-use';
import { classifyMail } from '../domain/mail-classification';

/** mailparser, loaded with the first message parsed. */
const mailparser = onFirstUse<typeof import('mailparser')>('mailparser');

const HEADER_END = /\r?\n\r?\n/;

/** Where the top-level header block ends (the blank line), in bytes. */
function headerLength(raw: Buffer): number {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const m = HEADER_END.exec(head);
  return m ? m.index + m[0].length : raw.length;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The first `charset=` the message declares (top level, else its first text part). */
export function declaredCharset(raw: Buffer): string | null {
  const sample = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1');
  const m = /charset\s*=\s*"?([A-Za-z0-9_.:-]+)"?/i.exec(sample);
  return m ? m[1].toLowerCase() : null;
}

/**
 * Headers in raw 8-bit (no RFC 2047 encoding) — what many Russian mailers and old Outlook send:
 * mailparser would read them as Latin-1 and garble them. The header block is re-encoded to UTF-8
 * (which mailparser reads per RFC 6532) from the charset the message declares, or from
 * windows-1251 when it declares none (or a wrong one: UTF-8 / ASCII with bytes that are not).
 */
export function normaliseRawHeaders(raw: Buffer): Buffer {
  const end = headerLength(raw);
  const head = raw.subarray(0, end);
  if (!head.some((b) => b >= 0x80) || isUtf8(head)) return raw;
  const declared = declaredCharset(raw);
  const charset =
    declared && !/^(utf-?8|us-ascii|ascii)$/.test(declared) && iconv.encodingExists(declared)
      ? declared
      : 'windows-1251';
  const text = iconv.decode(head, charset);
  return Buffer.concat([Buffer.from(text, 'utf8'), raw.subarray(end)]);
}

function ids(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  return list
    .map((v) => String(v).trim().replace(/^<|>$/g, ''))
    .filter((v) => v.length > 0 && v.length <= 998);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const out: string[] = [];
  for (const group of Array.isArray(value) ? value : value ? [value] : []) {
    for (const a of group.value) {
      if (a.address) out.push(a.address.toLowerCase());
      for (const g of a.group ?? []) if (g.address) out.push(g.address.toLowerCase());
    }
  }
  return out;
}

function bareHeaderAddresses(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = /<?([^\s<>@]+@[^\s<>@]+)>?/.exec(line);
    if (m) out.push(m[1].toLowerCase());
  }
  return out;
}

/** Parses an RFC 5322 message (MIME, Russian charsets, raw 8-bit headers) and classifies it. */
export async function parseEmail(source: Buffer): Promise<InboundEmail> {
  const raw = normaliseRawHeaders(source);
  const mail = await mailparser().simpleParser(raw, {
    skipHtmlToText: false,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    maxHtmlLengthToParse: 2 * 1024 * 1024,
  });
  const headers = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  const contentType = (headers.get('content-type')?.[0] ?? 'text/plain').split(';')[0].trim().toLowerCase();
  const from = mail.from?.value[0];
  const fromAddress = from?.address ? from.address.toLowerCase() : null;
  const recipients = [
    ...addresses(mail.to),
    ...addresses(mail.cc),
    ...bareHeaderAddresses(headers.get('delivered-to') ?? []),
    ...bareHeaderAddresses(headers.get('x-original-to') ?? []),
  ];
  const text = (mail.text ?? '').replace(/\r\n/g, '\n').trim();
  return {
    messageId: ids(mail.messageId)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo),
    references: ids(mail.references),
    fromAddress,
    fromName: from?.name?.trim() || null,
    recipients: [...new Set(recipients)],
    subject: mail.subject?.trim() || null,
    text: text === '' ? null : text,
    date: mail.date ?? null,
    kind: classifyMail({ headers, contentType, fromAddress }),
    attachments: mail.attachments.map((a) => ({
      fileName: a.filename ?? null,
      content: a.content,
      inline: a.related === true || a.contentDisposition === 'inline',
    })),
  };
}
