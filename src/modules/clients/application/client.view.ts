import type { Actor } from '../../../shared/domain/actor';
import { can } from '../../../shared/auth/permission-matrix';
import type { Consent, Passport, PassportKind, PersonalData } from '../domain/client';
import { maskEmail, maskHandle, maskPassport, maskPhone } from '../domain/personal-data';

/**
 * What a role sees of one client: `full` (operators, supervisors, admins: every field), or
 * `contacts` (accountants: names and contacts, never passports or the birth date).
 */
export type ClientAccess = 'full' | 'contacts';

export interface PassportView extends Passport {
  numberMasked: string;
}

export interface MaskedPassportView {
  kind: PassportKind;
  numberMasked: string;
  expiresAt: string | null;
}

export interface ClientView {
  id: string;
  access: ClientAccess;
  fullName: string;
  latinName: string | null;
  /** Absent for roles that may not see it. */
  birthDate?: string | null;
  emails: string[];
  phones: string[];
  /** Absent for roles that may not see passports. */
  passports?: PassportView[];
  telegram: string | null;
  whatsapp: string | null;
  notes: string | null;
  consent: Consent | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
}

export interface ClientListItemView {
  id: string;
  fullName: string;
  latinName: string | null;
  emails: string[];
  phones: string[];
  /** Masked; absent for roles that may not see passports. */
  passports?: MaskedPassportView[];
  telegram: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function accessOf(viewer: Pick<Actor, 'role'>): ClientAccess {
  return can(viewer.role, 'clients.read-pii') ? 'full' : 'contacts';
}

export interface ClientRecord {
  id: string;
  fullName: string;
  latinName: string | null;
  consent: Consent | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
}

export function clientView(record: ClientRecord, pii: PersonalData, access: ClientAccess): ClientView {
  const view: ClientView = {
    id: record.id,
    access,
    fullName: record.fullName,
    latinName: record.latinName,
    emails: pii.emails,
    phones: pii.phones,
    telegram: pii.telegram,
    whatsapp: pii.whatsapp,
    notes: pii.notes,
    consent: record.consent,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    version: record.version,
  };
  if (access === 'full') {
    view.birthDate = pii.birthDate;
    view.passports = pii.passports.map((p) => ({ ...p, numberMasked: maskPassport(p.series, p.number) }));
  }
  return view;
}

/** The personal-data fields a view reveals in full (what a `pii.read` audit entry names). */
export function revealedFields(view: ClientView): string[] {
  const fields: string[] = [];
  if (view.passports && view.passports.length > 0) fields.push('passports');
  if (view.birthDate) fields.push('birthDate');
  if (view.emails.length > 0) fields.push('emails');
  if (view.phones.length > 0) fields.push('phones');
  if (view.whatsapp) fields.push('whatsapp');
  return fields;
}

export function maskedPassports(pii: PersonalData): MaskedPassportView[] {
  return pii.passports.map((p) => ({
    kind: p.kind,
    numberMasked: maskPassport(p.series, p.number),
    expiresAt: p.expiresAt,
  }));
}

/** A list row: contacts and passports masked whatever the role; passports left out for `contacts` access. */
export function clientListItem(
  record: Omit<ClientRecord, 'consent' | 'createdBy' | 'updatedBy'>,
  pii: PersonalData,
  access: ClientAccess,
): ClientListItemView {
  const item: ClientListItemView = {
    id: record.id,
    fullName: record.fullName,
    latinName: record.latinName,
    emails: pii.emails.map(maskEmail),
    phones: pii.phones.map(maskPhone),
    telegram: pii.telegram === null ? null : maskHandle(pii.telegram),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
  };
  if (access === 'full') item.passports = maskedPassports(pii);
  return item;
}
