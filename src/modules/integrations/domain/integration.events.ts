import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';

/**
 * Events of an integration (entity `integration`). Payloads and diffs never carry the token or
 * the webhook secret: a token change shows as its fingerprint only.
 */
export class IntegrationAdded extends DomainEvent<{ type: string; purpose: string; diff: Diff }> {
  static readonly eventName = 'integrations.added';
  constructor(id: string, version: number, payload: { type: string; purpose: string; diff: Diff }) {
    super(IntegrationAdded.eventName, 'integration', id, version, payload);
  }
}

export class IntegrationActivated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = 'integrations.activated';
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(IntegrationActivated.eventName, 'integration', id, version, payload);
  }
}

export class IntegrationDeactivated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = 'integrations.deactivated';
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(IntegrationDeactivated.eventName, 'integration', id, version, payload);
  }
}

/** The Bot API refused the token or could not be reached; the integration is left inactive. */
export class IntegrationConnectionFailed extends DomainEvent<{ error: string; diff: Diff }> {
  static readonly eventName = 'integrations.connection-failed';
  constructor(id: string, version: number, payload: { error: string; diff: Diff }) {
    super(IntegrationConnectionFailed.eventName, 'integration', id, version, payload);
  }
}

/** A new token (and webhook secret) replaced the old ones; the diff shows fingerprints only. */
export class IntegrationTokenReplaced extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = 'integrations.token-replaced';
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(IntegrationTokenReplaced.eventName, 'integration', id, version, payload);
  }
}
