import { type FieldError, ValidationError } from '../../../shared/domain/domain-error';
import { type Consent, normaliseConsent, optionalText } from '../../../shared/domain/normalisers';
import { MAX_PERSON_NAME, MAX_PHONE_TEXT } from '../../../shared/domain/contact-limits';
import type { IdentifierKind } from './client.events';
import { isIsoDate, normaliseEmail, normalisePhone, normaliseTelegram, passportKey } from './personal-data';

export const PASSPORT_KINDS = ['internal', 'foreign'] as const;
export type PassportKind = (typeof PASSPORT_KINDS)[number];

export interface Passport {
  kind: PassportKind;
  series: string;
  number: string;
  /** ISO dates (YYYY-MM-DD). */
  issuedAt: string | null;
  expiresAt: string | null;
  issuedBy: string | null;
}

export type { Consent };

/** Everything about a client that is personal data and is stored encrypted. */
export interface PersonalData {
  birthDate: string | null;
  emails: string[];
  phones: string[];
  passports: Passport[];
  telegram: string | null;
  whatsapp: string | null;
  notes: string | null;
}

export interface ClientProps extends PersonalData {
  fullName: string;
  latinName: string | null;
  consent: Consent | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  updatedBy: string | null;
  /** Set on a tombstone: the client this one was merged into. */
  mergedInto: string | null;
  deletedAt: Date | null;
}

export interface PassportInput {
  kind: PassportKind;
  series?: string | null;
  number: string;
  issuedAt?: string | null;
  expiresAt?: string | null;
  issuedBy?: string | null;
}

export interface ClientInput {
  fullName: string;
  latinName?: string | null;
  birthDate?: string | null;
  emails?: string[];
  phones?: string[];
  passports?: PassportInput[];
  telegram?: string | null;
  whatsapp?: string | null;
  notes?: string | null;
  consent?: Consent | null;
}

export type ClientChanges = Partial<ClientInput>;

/** A normalised value a client can be found (and de-duplicated) by. */
export interface ClientIdentifier {
  kind: IdentifierKind;
  /** Normalised: lower-case e-mail, E.164 phone, passport series+number. */
  value: string;
  /** Where it sits in the client, e.g. `phones[1]`. */
  field: string;
}

export interface ChangeContext {
  by: string | null;
  now: Date;
}

export const MAX_LIST_ITEMS = 20;
export const MAX_NAME = MAX_PERSON_NAME;
/** The authority that issued a passport. */
export const MAX_ISSUED_BY = 300;
/** A Telegram username as typed (`@ivanov` or a t.me link). */
export const MAX_TELEGRAM = 64;
export const MAX_NOTES = 5000;
export const PERSONAL_FIELDS: readonly (keyof PersonalData)[] = [
  'birthDate',
  'emails',
  'phones',
  'passports',
  'telegram',
  'whatsapp',
  'notes',
];

export const EMPTY_PERSONAL: PersonalData = {
  birthDate: null,
  emails: [],
  phones: [],
  passports: [],
  telegram: null,
  whatsapp: null,
  notes: null,
};

function date(value: string | null | undefined, field: string, errors: FieldError[]): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const v = value.trim();
  if (!isIsoDate(v)) {
    errors.push({ field, message: `${field} must be a date as YYYY-MM-DD` });
    return null;
  }
  return v;
}

export function uniq<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function list<T>(
  raw: readonly T[] | undefined,
  field: string,
  errors: FieldError[],
  each: (v: T, path: string) => string | null,
): string[] {
  if (raw === undefined) return [];
  if (raw.length > MAX_LIST_ITEMS) {
    errors.push({ field, message: `${field} may hold at most ${MAX_LIST_ITEMS} items` });
    return [];
  }
  const out: string[] = [];
  raw.forEach((v, i) => {
    const n = each(v, `${field}[${i}]`);
    if (n !== null) out.push(n);
  });
  return [...new Set(out)];
}

function normaliseFullName(raw: string | undefined, errors: FieldError[]): string {
  const name = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (name === '') errors.push({ field: 'fullName', message: 'fullName must not be empty' });
  else if (name.length > MAX_NAME)
    errors.push({ field: 'fullName', message: `fullName must be at most ${MAX_NAME} characters` });
  return name;
}

function normaliseLatinName(raw: string | null | undefined, errors: FieldError[]): string | null {
  const name = optionalText(raw, 'latinName', MAX_NAME, errors);
  if (name === null) return null;
  if (!/^[A-Za-z][A-Za-z .'-]*$/.test(name)) {
    errors.push({ field: 'latinName', message: 'latinName must be written in Latin letters' });
  }
  return name.replace(/\s+/g, ' ').toUpperCase();
}

function normaliseBirthDate(raw: string | null | undefined, now: Date, errors: FieldError[]): string | null {
  const d = date(raw, 'birthDate', errors);
  if (d === null) return null;
  if (d < '1900-01-01' || d > now.toISOString().slice(0, 10)) {
    errors.push({ field: 'birthDate', message: 'birthDate must be between 1900-01-01 and today' });
  }
  return d;
}

function normalisePassports(raw: readonly PassportInput[] | undefined, errors: FieldError[]): Passport[] {
  if (raw === undefined) return [];
  if (raw.length > MAX_LIST_ITEMS) {
    errors.push({ field: 'passports', message: `passports may hold at most ${MAX_LIST_ITEMS} items` });
    return [];
  }
  const out: Passport[] = [];
  raw.forEach((p, i) => {
    const path = `passports[${i}]`;
    const before = errors.length;
    if (!(PASSPORT_KINDS as readonly string[]).includes(p.kind)) {
      errors.push({ field: `${path}.kind`, message: `${path}.kind must be internal or foreign` });
    }
    const series = (p.series ?? '').replace(/[\s№-]/g, '').toUpperCase();
    const number = (p.number ?? '').replace(/[\s№-]/g, '').toUpperCase();
    if (p.kind === 'internal') {
      if (!/^\d{4}$/.test(series))
        errors.push({ field: `${path}.series`, message: `${path}.series must be 4 digits` });
      if (!/^\d{6}$/.test(number))
        errors.push({ field: `${path}.number`, message: `${path}.number must be 6 digits` });
    } else if (p.kind === 'foreign') {
      if (!/^[0-9A-Z]{0,10}$/.test(series))
        errors.push({ field: `${path}.series`, message: `${path}.series must be letters and digits` });
      if (!/^[0-9A-Z]{5,20}$/.test(number))
        errors.push({
          field: `${path}.number`,
          message: `${path}.number must be 5 to 20 letters and digits`,
        });
    }
    const issuedAt = date(p.issuedAt, `${path}.issuedAt`, errors);
    const expiresAt = date(p.expiresAt, `${path}.expiresAt`, errors);
    if (issuedAt && expiresAt && expiresAt <= issuedAt) {
      errors.push({ field: `${path}.expiresAt`, message: `${path}.expiresAt must be after issuedAt` });
    }
    const issuedBy = optionalText(p.issuedBy, `${path}.issuedBy`, MAX_ISSUED_BY, errors);
    if (errors.length === before) out.push({ kind: p.kind, series, number, issuedAt, expiresAt, issuedBy });
  });
  return uniq(out, (p) => passportKey(p.series, p.number));
}

export type Normalised = Partial<Omit<ClientProps, 'createdAt' | 'updatedAt' | 'createdBy' | 'updatedBy'>>;

/** Validates and normalises the fields present in `input`; throws one ValidationError listing every bad field. */
export function normalise(input: ClientChanges, now: Date): Normalised {
  const errors: FieldError[] = [];
  const out: Normalised = {};
  if (input.fullName !== undefined) out.fullName = normaliseFullName(input.fullName, errors);
  if (input.latinName !== undefined) out.latinName = normaliseLatinName(input.latinName, errors);
  if (input.birthDate !== undefined) out.birthDate = normaliseBirthDate(input.birthDate, now, errors);
  if (input.emails !== undefined)
    out.emails = list(input.emails ?? [], 'emails', errors, (v, path) => {
      const e = typeof v === 'string' ? normaliseEmail(v) : null;
      if (e === null) errors.push({ field: path, message: `${path} must be an e-mail address` });
      return e;
    });
  if (input.phones !== undefined)
    out.phones = list(input.phones ?? [], 'phones', errors, (v, path) => {
      const p = typeof v === 'string' ? normalisePhone(v) : null;
      if (p === null) errors.push({ field: path, message: `${path} must be a valid phone number` });
      return p;
    });
  if (input.passports !== undefined) out.passports = normalisePassports(input.passports ?? [], errors);
  if (input.telegram !== undefined) {
    const raw = optionalText(input.telegram, 'telegram', MAX_TELEGRAM, errors);
    out.telegram = raw === null ? null : normaliseTelegram(raw);
    if (raw !== null && out.telegram === null)
      errors.push({ field: 'telegram', message: 'telegram must be a Telegram username like @ivanov' });
  }
  if (input.whatsapp !== undefined) {
    const raw = optionalText(input.whatsapp, 'whatsapp', MAX_PHONE_TEXT, errors);
    out.whatsapp = raw === null ? null : normalisePhone(raw);
    if (raw !== null && out.whatsapp === null)
      errors.push({ field: 'whatsapp', message: 'whatsapp must be a phone number' });
  }
  if (input.notes !== undefined) out.notes = optionalText(input.notes, 'notes', MAX_NOTES, errors);
  if (input.consent !== undefined) out.consent = normaliseConsent(input.consent, errors);
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}
