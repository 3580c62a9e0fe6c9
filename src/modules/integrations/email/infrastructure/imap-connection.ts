import type { ImapFlow } from 'imapflow';
import type { Transporter } from 'nodemailer';
import type { ImapSettings, SmtpSettings } from '../domain/mailbox-settings';

import { onFirstUse } from '../../../../shared/runtime/on-first-use';

// the mail libraries are loaded when a mailbox is first used (mailparser: mime-parser.ts)
const imapflow = onFirstUse<typeof import('imapflow')>('imapflow');
const nodemailer = onFirstUse<typeof import('nodemailer')>('nodemailer');

/** TLS of a mailbox's servers: self-signed certificates accepted only when configured so. */
export interface MailTlsOptions {
  allowSelfSigned: boolean;
}

/** An imapflow client for a mailbox: no logging (the protocol log carries the password), IDLE on. */
export function imapClient(s: ImapSettings, o: MailTlsOptions): ImapFlow {
  const { ImapFlow } = imapflow();
  return new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: s.password },
    logger: false,
    emitLogs: false,
    // IDLE where the server has it; NOOP polling where it does not
    disableAutoIdle: false,
    missingIdleCommand: 'NOOP',
    // some providers drop an IDLE after ~10–30 minutes without telling: restart it well before
    maxIdleTime: 5 * 60_000,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    socketTimeout: 10 * 60_000,
    tls: { rejectUnauthorized: !o.allowSelfSigned, minVersion: 'TLSv1.2' },
    clientInfo: { name: 'travel-crm' },
  });
}

/** An SMTP transport for a mailbox's outgoing server (one connection; close it after use). */
export function smtpTransport(s: SmtpSettings, o: MailTlsOptions): Transporter {
  return nodemailer().createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: s.password },
    tls: { rejectUnauthorized: !o.allowSelfSigned },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  });
}

/** An error text without the mailbox's passwords. */
export function scrubSecrets(message: string, secrets: string[]): string {
  let m = message;
  // also as servers may echo them: base64 (SASL PLAIN / LOGIN)
  for (const s of secrets.filter(Boolean).flatMap((x) => [x, Buffer.from(x, 'utf8').toString('base64')]))
    m = m.split(s).join('***');
  return m.slice(0, 500);
}

/** A readable reason from an imapflow / nodemailer error (their messages alone are often "Command failed"). */
export function describeMailError(err: unknown): string {
  const e = err as {
    message?: string;
    responseText?: string;
    response?: string;
    code?: string;
    authenticationFailed?: boolean;
  };
  const parts = [e.message ?? String(err)];
  if (e.responseText && !parts[0].includes(e.responseText)) parts.push(e.responseText);
  else if (e.response && !parts[0].includes(e.response)) parts.push(e.response);
  if (e.code && !parts.join(' ').includes(e.code)) parts.push(`(${e.code})`);
  return parts.join(': ');
}
