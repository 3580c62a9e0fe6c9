import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';
import type { ContractOf } from '../../../shared/domain/event-contract';
import type {
  ClientCreatedV1,
  ClientDeletedV1,
  ClientDuplicateAllowedV1,
  ClientMergedIntoV1,
  ClientPersonalDataErasedV1,
  ClientUpdatedV1,
  ClientsMergedV1,
  PersonalDataReadV1,
} from '../contracts/clients.events';
import { CLIENT_EVENTS } from '../contracts/clients.events';

/**
 * Events of the client aggregate. Payloads never carry personal data in the clear: diffs are built
 * from the masked snapshot (`Client.maskedSnapshot()`), so the audit log shows that a passport or a
 * phone changed and its masked form, never the value.
 */
export class ClientCreated extends DomainEvent<{ fullName: string; diff: Diff; source: string }> {
  static readonly eventName = CLIENT_EVENTS.created;
  constructor(id: string, version: number, payload: { fullName: string; diff: Diff; source: string }) {
    super(ClientCreated.eventName, 'client', id, version, payload);
  }
}

export class ClientUpdated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = CLIENT_EVENTS.updated;
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(ClientUpdated.eventName, 'client', id, version, payload);
  }
}

/** Soft delete: the personal data is erased, the name stays for orders and documents that refer to it. */
export class ClientDeleted extends DomainEvent<{ fullName: string; erased: string[] }> {
  static readonly eventName = CLIENT_EVENTS.deleted;
  constructor(id: string, version: number, payload: { fullName: string; erased: string[] }) {
    super(ClientDeleted.eventName, 'client', id, version, payload);
  }
}

/** Destruction under 152-FZ: personal data erased, the name replaced by a pseudonym (`Клиент №17`). */
export class ClientPersonalDataErased extends DomainEvent<{ pseudonym: string; erased: string[] }> {
  static readonly eventName = CLIENT_EVENTS.personalDataErased;
  constructor(id: string, version: number, payload: { pseudonym: string; erased: string[] }) {
    super(ClientPersonalDataErased.eventName, 'client', id, version, payload);
  }
}

/**
 * Recorded on the survivor. Other modules subscribe to it to move their rows that point at the
 * duplicate (orders: payer and travellers) to the survivor.
 */
export class ClientsMerged extends DomainEvent<{ survivorId: string; duplicateId: string; diff: Diff }> {
  static readonly eventName = CLIENT_EVENTS.merged;
  constructor(
    survivorId: string,
    version: number,
    payload: { survivorId: string; duplicateId: string; diff: Diff },
  ) {
    super(ClientsMerged.eventName, 'client', survivorId, version, payload);
  }
}

/** Recorded on the duplicate, which becomes a tombstone pointing to the survivor. */
export class ClientMergedInto extends DomainEvent<{ survivorId: string; duplicateId: string }> {
  static readonly eventName = CLIENT_EVENTS.mergedInto;
  constructor(duplicateId: string, version: number, payload: { survivorId: string; duplicateId: string }) {
    super(ClientMergedInto.eventName, 'client', duplicateId, version, payload);
  }
}

export interface DuplicateMatch {
  clientId: string;
  /** `email`, `phone` or `passport`. */
  field: IdentifierKind;
}

export type IdentifierKind = 'email' | 'phone' | 'passport';

/** A write went ahead although its e-mail, phone or passport belongs to another client (`?allowDuplicate=true`). */
export class ClientDuplicateAllowed extends DomainEvent<{ matches: DuplicateMatch[] }> {
  static readonly eventName = CLIENT_EVENTS.duplicateAllowed;
  constructor(id: string, version: number, payload: { matches: DuplicateMatch[] }) {
    super(ClientDuplicateAllowed.eventName, 'client', id, version, payload);
  }
}

/** A response revealed a client's full personal data (passports, birth date, contacts) to a user. */
export class PersonalDataRead extends DomainEvent<{ fields: string[]; via: string; fileId?: string }> {
  static readonly eventName = CLIENT_EVENTS.personalDataRead;
  constructor(id: string, payload: { fields: string[]; via: string; fileId?: string }) {
    super(PersonalDataRead.eventName, 'client', id, 0, payload);
  }
}

// each class records exactly its published payload (the module's contracts/*.events.ts)
const _contracts: [
  ContractOf<typeof ClientCreated, ClientCreatedV1>,
  ContractOf<typeof ClientUpdated, ClientUpdatedV1>,
  ContractOf<typeof ClientDeleted, ClientDeletedV1>,
  ContractOf<typeof ClientPersonalDataErased, ClientPersonalDataErasedV1>,
  ContractOf<typeof ClientsMerged, ClientsMergedV1>,
  ContractOf<typeof ClientMergedInto, ClientMergedIntoV1>,
  ContractOf<typeof ClientDuplicateAllowed, ClientDuplicateAllowedV1>,
  ContractOf<typeof PersonalDataRead, PersonalDataReadV1>,
] = [true, true, true, true, true, true, true, true];
void _contracts;
