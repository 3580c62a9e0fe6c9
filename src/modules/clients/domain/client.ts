import type { Consent } from '../../../shared/domain/normalisers';
import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { type Diff, diffOf } from '../../../shared/domain/domain-event';
import { DomainError, ValidationError } from '../../../shared/domain/domain-error';
import {
  ClientCreated,
  ClientDeleted,
  ClientDuplicateAllowed,
  ClientMergedInto,
  ClientPersonalDataErased,
  ClientsMerged,
  ClientUpdated,
  type DuplicateMatch,
} from './client.events';
import { maskEmail, maskHandle, maskPassport, maskPhone, passportKey } from './personal-data';
import {
  type ChangeContext,
  type ClientChanges,
  type ClientIdentifier,
  type ClientInput,
  type ClientProps,
  EMPTY_PERSONAL,
  MAX_NOTES,
  normalise,
  PERSONAL_FIELDS,
  type PersonalData,
  uniq,
} from './client-input';
import { ClientMergedError } from './client-errors';

export * from './client-errors';
export * from './client-input';

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
