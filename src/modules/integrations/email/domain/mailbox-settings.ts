import { type FieldError, ValidationError } from '../../../../shared/domain/domain-error';

/** How to read the agency's mailbox. The password is sealed at rest and never returned. */
export interface ImapSettings {
  host: string;
  port: number;
  /** TLS from the first byte (993); false means plain or STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/** How to send acknowledgements. The password is sealed at rest and never returned. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** `Агентство <zayavki@agency.ru>` or a bare address. */
  from: string;
}

export interface MailboxSettings {
  imap: ImapSettings;
  smtp: SmtpSettings;
}

const HOST_RE =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;
const ADDRESS_RE = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** Limits of a mailbox's settings (the DTO imports them). */
export const MAX_PORT = 65535;
export const MAX_MAILBOX_SECRET = 500;
export const MAX_MAILBOX_USER = 254;
export const MAX_MAILBOX_FROM = 300;
export const MAX_MAILBOX_FOLDER = 200;
const MAILBOX_RE = new RegExp(`^[^\\r\\n\\0]{1,${MAX_MAILBOX_FOLDER}}$`);

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function port(value: unknown, field: string, errors: FieldError[]): number {
  const n = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PORT) {
    errors.push({ field, message: `${field} must be a port number (1–${MAX_PORT})` });
    return 0;
  }
  return n;
}

function host(value: unknown, field: string, errors: FieldError[]): string {
  const h = text(value);
  if (!HOST_RE.test(h)) errors.push({ field, message: `${field} must be a host name or an IPv4 address` });
  return h.toLowerCase();
}

function secret(value: unknown, field: string, errors: FieldError[]): string {
  // never echo the password in the message
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_MAILBOX_SECRET)
    errors.push({ field, message: `${field} must be 1–${MAX_MAILBOX_SECRET} characters` });
  return typeof value === 'string' ? value : '';
}

function bool(value: unknown, field: string, errors: FieldError[]): boolean {
  if (typeof value !== 'boolean') errors.push({ field, message: `${field} must be true or false` });
  return value === true;
}

/** The bare address of a `Name <addr>` or `addr` string, lower-cased; null when there is none. */
export function bareAddress(value: string): string | null {
  const angle = /<([^<>]+)>\s*$/.exec(value);
  const candidate = (angle ? angle[1] : value).trim();
  return ADDRESS_RE.test(candidate) ? candidate.toLowerCase() : null;
}

/** Checks a mailbox's settings; errors name `imap.<field>` / `smtp.<field>`. */
export function parseMailboxSettings(
  raw: {
    imap?: Partial<Record<keyof ImapSettings, unknown>>;
    smtp?: Partial<Record<keyof SmtpSettings, unknown>>;
  },
  errors: FieldError[] = [],
): MailboxSettings {
  const i = raw.imap ?? {};
  const s = raw.smtp ?? {};
  if (!raw.imap)
    errors.push({ field: 'imap', message: 'imap settings are required for an e-mail integration' });
  if (!raw.smtp)
    errors.push({ field: 'smtp', message: 'smtp settings are required for an e-mail integration' });
  const imapUser = text(i.user);
  if (imapUser.length === 0 || imapUser.length > MAX_MAILBOX_USER)
    errors.push({ field: 'imap.user', message: `imap.user must be 1–${MAX_MAILBOX_USER} characters` });
  const mailbox = i.mailbox === undefined ? 'INBOX' : text(i.mailbox);
  if (!MAILBOX_RE.test(mailbox))
    errors.push({ field: 'imap.mailbox', message: 'imap.mailbox must be a mailbox name like INBOX' });
  const smtpUser = text(s.user);
  if (smtpUser.length === 0 || smtpUser.length > MAX_MAILBOX_USER)
    errors.push({ field: 'smtp.user', message: `smtp.user must be 1–${MAX_MAILBOX_USER} characters` });
  const from = text(s.from).replace(/[\r\n]/g, ' ');
  if (from.length > MAX_MAILBOX_FROM || bareAddress(from) === null)
    errors.push({
      field: 'smtp.from',
      message: 'smtp.from must be an address, e.g. Агентство <zayavki@agency.ru>',
    });
  const settings: MailboxSettings = {
    imap: {
      host: host(i.host, 'imap.host', errors),
      port: port(i.port, 'imap.port', errors),
      secure: bool(i.secure, 'imap.secure', errors),
      user: imapUser,
      password: secret(i.password, 'imap.password', errors),
      mailbox,
    },
    smtp: {
      host: host(s.host, 'smtp.host', errors),
      port: port(s.port, 'smtp.port', errors),
      secure: bool(s.secure, 'smtp.secure', errors),
      user: smtpUser,
      password: secret(s.password, 'smtp.password', errors),
      from,
    },
  };
  if (errors.length > 0) throw new ValidationError(errors);
  return settings;
}
