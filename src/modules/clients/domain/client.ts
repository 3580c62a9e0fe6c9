import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { type Diff, diffOf } from '../../../shared/domain/domain-event';
import { DomainError, type FieldError, ValidationError } from '../../../shared/domain/domain-error';
import {
  ClientCreated,
  ClientDeleted,
  ClientDuplicateAllowed,
  ClientMergedInto,
  ClientPersonalDataErased,
  ClientsMerged,
  ClientUpdated,
  type DuplicateMatch,
  type IdentifierKind,
} from './client.events';
import {
  isIsoDate,
  maskEmail,
  maskHandle,
  maskPassport,
  maskPhone,
  normaliseEmail,
  normalisePhone,
  normaliseTelegram,
  passportKey,
} from './personal-data';

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

export interface Consent {
  /** ISO 8601 with offset. */
  givenAt: string;
  channel: string;
  textVersion: string;
}

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
const MAX_NAME = 200;
const MAX_NOTES = 5000;
const PERSONAL_FIELDS: readonly (keyof PersonalData)[] = [
  'birthDate',
  'emails',
  'phones',
  'passports',
  'telegram',
  'whatsapp',
  'notes',
];

const EMPTY_PERSONAL: PersonalData = {
  birthDate: null,
  emails: [],
  phones: [],
  passports: [],
  telegram: null,
  whatsapp: null,
  notes: null,
};

/** The client was merged into another one; the id answers with the survivor's. */
export class ClientMergedError extends DomainError {
  constructor(id: string, survivorId: string) {
    super('CLIENTS.MERGED', `client ${id} was merged into ${survivorId}`, { id, survivorId });
  }
}

/** The duplicate of a merge is already a tombstone of an earlier merge. */
export class ClientAlreadyMergedError extends DomainError {
  constructor(id: string, survivorId: string) {
    super('CLIENTS.ALREADY_MERGED', `client ${id} was already merged into ${survivorId}`, {
      id,
      survivorId,
    });
  }
}

/** An e-mail, phone or passport of the write already belongs to another client. */
export class DuplicateClientError extends DomainError {
  constructor(matches: (DuplicateMatch & { path: string })[]) {
    const first = matches[0];
    super(
      'CLIENTS.DUPLICATE',
      `The ${first.field} at ${first.path} already belongs to client ${first.clientId}; pass ?allowDuplicate=true to save anyway`,
      {
        matchingClientId: first.clientId,
        field: first.field,
        matches: matches.map((m) => ({ clientId: m.clientId, field: m.field, path: m.path })),
      },
      matches.map((m) => ({ field: m.path, message: `${m.path} already belongs to client ${m.clientId}` })),
    );
  }
}

function text(
  value: string | null | undefined,
  field: string,
  max: number,
  errors: FieldError[],
): string | null {
  if (value === undefined || value === null) return null;
  const t = value.trim();
  if (t === '') return null;
  if (t.length > max) errors.push({ field, message: `${field} must be at most ${max} characters` });
  return t;
}

function date(value: string | null | undefined, field: string, errors: FieldError[]): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const v = value.trim();
  if (!isIsoDate(v)) {
    errors.push({ field, message: `${field} must be a date as YYYY-MM-DD` });
    return null;
  }
  return v;
}

function uniq<T>(items: T[], key: (t: T) => string): T[] {
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
  const name = text(raw, 'latinName', MAX_NAME, errors);
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
    const issuedBy = text(p.issuedBy, `${path}.issuedBy`, 300, errors);
    if (errors.length === before) out.push({ kind: p.kind, series, number, issuedAt, expiresAt, issuedBy });
  });
  return uniq(out, (p) => passportKey(p.series, p.number));
}

function normaliseConsent(raw: Consent | null | undefined, errors: FieldError[]): Consent | null {
  if (raw === undefined || raw === null) return null;
  const givenAt = new Date(raw.givenAt);
  if (
    typeof raw.givenAt !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(raw.givenAt) ||
    Number.isNaN(givenAt.getTime())
  ) {
    errors.push({ field: 'consent.givenAt', message: 'consent.givenAt must be ISO 8601 with an offset' });
  }
  const channel = text(raw.channel, 'consent.channel', 50, errors);
  const textVersion = text(raw.textVersion, 'consent.textVersion', 50, errors);
  if (!channel) errors.push({ field: 'consent.channel', message: 'consent.channel must not be empty' });
  if (!textVersion)
    errors.push({ field: 'consent.textVersion', message: 'consent.textVersion must not be empty' });
  return { givenAt: raw.givenAt, channel: channel ?? '', textVersion: textVersion ?? '' };
}

type Normalised = Partial<Omit<ClientProps, 'createdAt' | 'updatedAt' | 'createdBy' | 'updatedBy'>>;

/** Validates and normalises the fields present in `input`; throws one ValidationError listing every bad field. */
function normalise(input: ClientChanges, now: Date): Normalised {
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
    const raw = text(input.telegram, 'telegram', 64, errors);
    out.telegram = raw === null ? null : normaliseTelegram(raw);
    if (raw !== null && out.telegram === null)
      errors.push({ field: 'telegram', message: 'telegram must be a Telegram username like @ivanov' });
  }
  if (input.whatsapp !== undefined) {
    const raw = text(input.whatsapp, 'whatsapp', 40, errors);
    out.whatsapp = raw === null ? null : normalisePhone(raw);
    if (raw !== null && out.whatsapp === null)
      errors.push({ field: 'whatsapp', message: 'whatsapp must be a phone number' });
  }
  if (input.notes !== undefined) out.notes = text(input.notes, 'notes', MAX_NOTES, errors);
  if (input.consent !== undefined) out.consent = normaliseConsent(input.consent, errors);
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}

export interface MaskedClient {
  fullName: string;
  latinName: string | null;
  birthDate: string | null;
  emails: string[];
  phones: string[];
  passports: string[];
  telegram: string | null;
  whatsapp: string | null;
  notes: string | null;
  consent: Consent | null;
}

const MASKED_KEYS: readonly (keyof MaskedClient)[] = [
  'fullName',
  'latinName',
  'birthDate',
  'emails',
  'phones',
  'passports',
  'telegram',
  'whatsapp',
  'notes',
  'consent',
];

/**
 * A client of the agency: names, personal data (encrypted at rest by the repository), consent to
 * processing. Deletion is soft and erases the personal data; a merge folds a duplicate into the
 * survivor and leaves the duplicate as a tombstone pointing to it.
 */
export class Client extends AggregateRoot {
  private constructor(
    id: string,
    version: number,
    private props: ClientProps,
  ) {
    super(id, version);
  }

  static create(
    id: string,
    input: ClientInput,
    ctx: ChangeContext,
    source: 'api' | 'import' | 'application' = 'api',
  ): Client {
    const n = normalise({ ...input, fullName: input.fullName }, ctx.now);
    const client = new Client(id, 0, {
      ...EMPTY_PERSONAL,
      latinName: null,
      consent: null,
      ...n,
      fullName: n.fullName!,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: ctx.by,
      updatedBy: ctx.by,
      mergedInto: null,
      deletedAt: null,
    });
    const empty = Object.fromEntries(MASKED_KEYS.map((k) => [k, null])) as unknown as MaskedClient;
    const diff = diffOf(empty, client.maskedSnapshot(), MASKED_KEYS);
    client.record(new ClientCreated(id, 1, { fullName: client.props.fullName, diff, source }));
    return client;
  }

  static reconstitute(id: string, version: number, props: ClientProps): Client {
    return new Client(id, version, props);
  }

  get fullName(): string {
    return this.props.fullName;
  }
  get mergedInto(): string | null {
    return this.props.mergedInto;
  }
  get deleted(): boolean {
    return this.props.deletedAt !== null;
  }
  /** Neither deleted nor merged away. */
  get live(): boolean {
    return !this.deleted && this.props.mergedInto === null;
  }
  get personalData(): PersonalData {
    const p = this.props;
    return {
      birthDate: p.birthDate,
      emails: [...p.emails],
      phones: [...p.phones],
      passports: p.passports.map((x) => ({ ...x })),
      telegram: p.telegram,
      whatsapp: p.whatsapp,
      notes: p.notes,
    };
  }
  snapshot(): Readonly<ClientProps> {
    return { ...this.props, ...this.personalData };
  }

  /** The normalised e-mails, phones and passports the client can be found and de-duplicated by. */
  identifiers(): ClientIdentifier[] {
    if (!this.live) return [];
    return [
      ...this.props.emails.map((value, i) => ({ kind: 'email' as const, value, field: `emails[${i}]` })),
      ...this.props.phones.map((value, i) => ({ kind: 'phone' as const, value, field: `phones[${i}]` })),
      ...this.props.passports.map((p, i) => ({
        kind: 'passport' as const,
        value: passportKey(p.series, p.number),
        field: `passports[${i}]`,
      })),
    ];
  }

  /** What the audit log may see: names and consent as they are, personal data masked. */
  maskedSnapshot(): MaskedClient {
    const p = this.props;
    return {
      fullName: p.fullName,
      latinName: p.latinName,
      birthDate: p.birthDate === null ? null : '****-**-**',
      emails: p.emails.map(maskEmail),
      phones: p.phones.map(maskPhone),
      passports: p.passports.map((x) => `${x.kind} ${maskPassport(x.series, x.number)}`),
      telegram: p.telegram === null ? null : maskHandle(p.telegram),
      whatsapp: p.whatsapp === null ? null : maskPhone(p.whatsapp),
      notes: p.notes === null ? null : `[${p.notes.length} characters]`,
      consent: p.consent,
    };
  }

  /** Applies a partial change; records `clients.updated` with the masked diff when anything changed. */
  update(changes: ClientChanges, ctx: ChangeContext): Diff {
    this.assertWritable();
    const n = normalise(changes, ctx.now);
    const before = this.maskedSnapshot();
    const beforeRaw = JSON.stringify(this.snapshotForCompare());
    const next: ClientProps = { ...this.props, ...n };
    const candidate = new Client(this.id, this.version, next);
    if (JSON.stringify(candidate.snapshotForCompare()) === beforeRaw) return {};
    const diff = diffOf(before, candidate.maskedSnapshot(), MASKED_KEYS);
    // a change that masks the same (e.g. another passport number with the same last digits) still shows
    for (const k of PERSONAL_FIELDS) {
      if (JSON.stringify(this.props[k]) !== JSON.stringify(next[k]) && !(k in diff)) {
        diff[k] = { from: before[k], to: candidate.maskedSnapshot()[k] };
      }
    }
    this.props = { ...next, updatedAt: ctx.now, updatedBy: ctx.by };
    this.record(new ClientUpdated(this.id, this.nextVersion, { diff }));
    return diff;
  }

  /** Notes that the write went ahead although `matches` belong to other clients. */
  allowDuplicates(matches: DuplicateMatch[]): void {
    if (matches.length === 0) return;
    this.record(new ClientDuplicateAllowed(this.id, this.nextVersion, { matches }));
  }

  /** Soft delete: erases the personal data; the name stays for orders and documents that refer to it. */
  delete(ctx: ChangeContext): void {
    this.assertWritable();
    const erased = PERSONAL_FIELDS.filter((k) => {
      const v = this.props[k];
      return Array.isArray(v) ? v.length > 0 : v !== null;
    });
    this.props = {
      ...this.props,
      ...EMPTY_PERSONAL,
      latinName: null,
      deletedAt: ctx.now,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    this.record(new ClientDeleted(this.id, this.nextVersion, { fullName: this.props.fullName, erased }));
  }

  /**
   * Destruction under 152-FZ: every personal field is emptied and the name becomes `pseudonym`
   * (orders, payments and final documents that law keeps refer to it). Works on a deleted client
   * too (deletion kept the name); the event names the erased fields, never their values.
   */
  erase(pseudonym: string, ctx: ChangeContext): string[] {
    if (this.props.mergedInto !== null) throw new ClientMergedError(this.id, this.props.mergedInto);
    const erased = ['fullName', ...(this.props.latinName !== null ? ['latinName'] : [])];
    for (const k of PERSONAL_FIELDS) {
      const v = this.props[k];
      if (Array.isArray(v) ? v.length > 0 : v !== null) erased.push(k);
    }
    if (this.props.consent !== null) erased.push('consent');
    this.props = {
      ...this.props,
      ...EMPTY_PERSONAL,
      fullName: pseudonym,
      latinName: null,
      consent: null,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    this.record(new ClientPersonalDataErased(this.id, this.nextVersion, { pseudonym, erased }));
    return erased;
  }

  /**
   * Folds `duplicate` into this client: its e-mails, phones and passports are added, empty fields
   * are filled from it, notes are appended. The caller turns the duplicate into a tombstone.
   */
  absorb(duplicate: Client, ctx: ChangeContext, moved: Record<string, number> = {}): Diff {
    this.assertWritable();
    if (duplicate.id === this.id)
      throw ValidationError.field('duplicateId', 'a client cannot be merged into itself');
    duplicate.assertWritable();
    const d = duplicate.props;
    const p = this.props;
    const before = this.maskedSnapshot();
    const notes =
      d.notes && d.notes !== p.notes
        ? (p.notes ? `${p.notes}\n\n${d.notes}` : d.notes).slice(0, MAX_NOTES)
        : p.notes;
    this.props = {
      ...p,
      latinName: p.latinName ?? d.latinName,
      birthDate: p.birthDate ?? d.birthDate,
      emails: [...new Set([...p.emails, ...d.emails])],
      phones: [...new Set([...p.phones, ...d.phones])],
      passports: uniq([...p.passports, ...d.passports], (x) => passportKey(x.series, x.number)),
      telegram: p.telegram ?? d.telegram,
      whatsapp: p.whatsapp ?? d.whatsapp,
      notes,
      consent: p.consent ?? d.consent,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    const diff = diffOf(before, this.maskedSnapshot(), MASKED_KEYS);
    // what else moved from the duplicate (files, orders, applications): counts only
    if (Object.keys(moved).length > 0) diff.movedReferences = { from: null, to: moved };
    this.record(
      new ClientsMerged(this.id, this.nextVersion, { survivorId: this.id, duplicateId: duplicate.id, diff }),
    );
    return diff;
  }

  /** Turns this client into a tombstone pointing to `survivorId`; its personal data now lives there. */
  mergeInto(survivorId: string, ctx: ChangeContext): void {
    this.assertWritable();
    this.props = {
      ...this.props,
      ...EMPTY_PERSONAL,
      mergedInto: survivorId,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    this.record(new ClientMergedInto(this.id, this.nextVersion, { survivorId, duplicateId: this.id }));
  }

  private snapshotForCompare(): unknown {
    const { createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = this.props;
    return rest;
  }

  private assertWritable(): void {
    if (this.props.mergedInto !== null) throw new ClientMergedError(this.id, this.props.mergedInto);
    if (this.deleted)
      throw new DomainError('COMMON.NOT_FOUND', `client ${this.id} was not found`, {
        entity: 'client',
        id: this.id,
      });
  }
}
