import { maskEmail } from '../../../shared/domain/masking';
import { MAX_EMAIL, MAX_PERSON_NAME, MAX_PHONE_TEXT } from '../../../shared/domain/contact-limits';
import type { FieldError } from '../../../shared/domain/domain-error';

/** The contact of an application as it was received (not normalised: matching normalises). */
export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
  telegram: string | null;
}

export type ContactInput = Partial<Contact>;

export const EMPTY_CONTACT: Contact = { name: null, phone: null, email: null, telegram: null };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RE = new RegExp(`^\\+?[\\d\\s()\\-.]{5,${MAX_PHONE_TEXT}}$`);
/** A Telegram username with its `@`. */
export const MAX_CONTACT_TELEGRAM = 65;
const TELEGRAM_RE = new RegExp(`^@?[A-Za-z0-9_]{3,${MAX_CONTACT_TELEGRAM - 1}}$`);

function clean(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const t = value.trim().replace(/\s+/g, ' ');
  return t === '' ? null : t;
}

/** Trims the contact and checks each part's shape; errors name `contact.<part>`. */
export function normaliseContact(raw: ContactInput | null | undefined, errors: FieldError[]): Contact {
  const c: Contact = {
    name: clean(raw?.name),
    phone: clean(raw?.phone),
    email: clean(raw?.email),
    telegram: clean(raw?.telegram),
  };
  if (c.name !== null && c.name.length > MAX_PERSON_NAME)
    errors.push({
      field: 'contact.name',
      message: `contact.name must be at most ${MAX_PERSON_NAME} characters`,
    });
  if (c.phone !== null && (!PHONE_RE.test(c.phone) || (c.phone.match(/\d/g) ?? []).length < 5))
    errors.push({ field: 'contact.phone', message: 'contact.phone must be a phone number' });
  if (c.email !== null && (c.email.length > MAX_EMAIL || !EMAIL_RE.test(c.email)))
    errors.push({ field: 'contact.email', message: 'contact.email must be an e-mail address' });
  if (c.telegram !== null) {
    if (!TELEGRAM_RE.test(c.telegram))
      errors.push({ field: 'contact.telegram', message: 'contact.telegram must be a username like @ivanov' });
    else if (!c.telegram.startsWith('@')) c.telegram = `@${c.telegram}`;
  }
  return c;
}

export function isEmptyContact(c: Contact): boolean {
  return c.name === null && c.phone === null && c.email === null && c.telegram === null;
}

/** `+7 9** *** ** 89`-like: only the first two and last two digits stay; punctuation is kept. */
export function maskPhoneAsTyped(phone: string): string {
  const digits = (phone.match(/\d/g) ?? []).length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => {
    seen += 1;
    return seen <= 2 || seen > digits - 2 ? d : '*';
  });
}

/** `Иван П***`: the first word and the initial of the rest. */
export function maskName(name: string): string {
  const [first, ...rest] = name.split(' ');
  const masked = `${first.slice(0, 1)}***`;
  return rest.length === 0 ? masked : `${masked} ${rest.map((w) => `${w[0]}.`).join(' ')}`;
}

/** What lists and audit diffs may show of a contact. */
export function maskContact(c: Contact, options: { keepName: boolean }): Contact {
  return {
    name: c.name === null ? null : options.keepName ? c.name : maskName(c.name),
    phone: c.phone === null ? null : maskPhoneAsTyped(c.phone),
    email: c.email === null ? null : maskEmail(c.email),
    telegram: c.telegram === null ? null : `@${c.telegram.replace(/^@/, '').slice(0, 2)}***`,
  };
}
