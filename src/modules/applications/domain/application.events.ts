import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';
import type { ContractOf } from '../../../shared/domain/event-contract';
import type {
  ApplicationClientRelinkedV1,
  ApplicationConvertedV1,
  ApplicationCreatedV1,
  ApplicationPersonalDataErasedV1,
  ApplicationPersonalDataReadV1,
  ApplicationStatusChangedV1,
  ApplicationUpdatedV1,
} from '../contracts/applications.events';
import { APPLICATION_EVENTS } from '../contracts/applications.events';

/**
 * Events of the application aggregate (entity `application`). Payloads never carry the contact
 * or the raw payload in the clear: diffs are built from `Application.maskedSnapshot()`.
 */
export class ApplicationCreated extends DomainEvent<{
  source: string;
  clientId: string | null;
  number?: string | null;
  diff: Diff;
}> {
  static readonly eventName = APPLICATION_EVENTS.created;
  constructor(
    id: string,
    version: number,
    payload: { source: string; clientId: string | null; number?: string | null; diff: Diff },
  ) {
    super(ApplicationCreated.eventName, 'application', id, version, payload);
  }
}

export class ApplicationUpdated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = APPLICATION_EVENTS.updated;
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(ApplicationUpdated.eventName, 'application', id, version, payload);
  }
}

/** A status change; a rejection's reason is in the diff by its length only (it may name personal matters). */
export class ApplicationStatusChanged extends DomainEvent<{
  from: string;
  to: string;
  diff: Diff;
}> {
  static readonly eventName = APPLICATION_EVENTS.statusChanged;
  constructor(id: string, version: number, payload: { from: string; to: string; diff: Diff }) {
    super(ApplicationStatusChanged.eventName, 'application', id, version, payload);
  }
}

/** The application became a draft order (and, when it had none, a client). */
export class ApplicationConverted extends DomainEvent<{
  orderId: string;
  clientId: string;
  clientCreated: boolean;
  diff: Diff;
}> {
  static readonly eventName = APPLICATION_EVENTS.converted;
  constructor(
    id: string,
    version: number,
    payload: { orderId: string; clientId: string; clientCreated: boolean; diff: Diff },
  ) {
    super(ApplicationConverted.eventName, 'application', id, version, payload);
  }
}

/** The linked client was merged into another one; the application now points to the survivor. */
export class ApplicationClientRelinked extends DomainEvent<{
  fromClientId: string;
  toClientId: string;
  diff: Diff;
}> {
  static readonly eventName = APPLICATION_EVENTS.clientRelinked;
  constructor(
    id: string,
    version: number,
    payload: { fromClientId: string; toClientId: string; diff: Diff },
  ) {
    super(ApplicationClientRelinked.eventName, 'application', id, version, payload);
  }
}

/** A response revealed an application's full contact or raw payload to a user (audited like a client's). */
export class ApplicationPersonalDataRead extends DomainEvent<{ fields: string[]; via: string }> {
  static readonly eventName = APPLICATION_EVENTS.personalDataRead;
  constructor(id: string, payload: { fields: string[]; via: string }) {
    super(ApplicationPersonalDataRead.eventName, 'application', id, 0, payload);
  }
}

/** Destruction under 152-FZ: contact, text, raw payload, consent and attachments erased. */
export class ApplicationPersonalDataErased extends DomainEvent<{ attachments: number }> {
  static readonly eventName = APPLICATION_EVENTS.personalDataErased;
  constructor(id: string, version: number, payload: { attachments: number }) {
    super(ApplicationPersonalDataErased.eventName, 'application', id, version, payload);
  }
}

// each class records exactly its published payload (the module's contracts/*.events.ts)
const _contracts: [
  ContractOf<typeof ApplicationCreated, ApplicationCreatedV1>,
  ContractOf<typeof ApplicationUpdated, ApplicationUpdatedV1>,
  ContractOf<typeof ApplicationStatusChanged, ApplicationStatusChangedV1>,
  ContractOf<typeof ApplicationConverted, ApplicationConvertedV1>,
  ContractOf<typeof ApplicationClientRelinked, ApplicationClientRelinkedV1>,
  ContractOf<typeof ApplicationPersonalDataRead, ApplicationPersonalDataReadV1>,
  ContractOf<typeof ApplicationPersonalDataErased, ApplicationPersonalDataErasedV1>,
] = [true, true, true, true, true, true, true];
void _contracts;
