import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';

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
  static readonly eventName = 'applications.created';
  constructor(
    id: string,
    version: number,
    payload: { source: string; clientId: string | null; number?: string | null; diff: Diff },
  ) {
    super(ApplicationCreated.eventName, 'application', id, version, payload);
  }
}

export class ApplicationUpdated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = 'applications.updated';
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
  static readonly eventName = 'applications.status-changed';
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
  static readonly eventName = 'applications.converted';
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
  static readonly eventName = 'applications.client-relinked';
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
  static readonly eventName = 'pii.read';
  constructor(id: string, payload: { fields: string[]; via: string }) {
    super(ApplicationPersonalDataRead.eventName, 'application', id, 0, payload);
  }
}

/** Destruction under 152-FZ: contact, text, raw payload, consent and attachments erased. */
export class ApplicationPersonalDataErased extends DomainEvent<{ attachments: number }> {
  static readonly eventName = 'applications.personal-data-erased';
  constructor(id: string, version: number, payload: { attachments: number }) {
    super(ApplicationPersonalDataErased.eventName, 'application', id, version, payload);
  }
}
