import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';
import type { ContractOf } from '../../../shared/domain/event-contract';
import type {
  IntegrationAddedV1,
  IntegrationChangedV1,
  IntegrationConnectionFailedV1,
} from '../contracts/integrations.events';
import { INTEGRATION_EVENTS } from '../contracts/integrations.events';

/**
 * Events of an integration (entity `integration`). Payloads and diffs never carry the token or
 * the webhook secret: a token change shows as its fingerprint only.
 */
export class IntegrationAdded extends DomainEvent<{ type: string; purpose: string; diff: Diff }> {
  static readonly eventName = INTEGRATION_EVENTS.added;
  constructor(id: string, version: number, payload: { type: string; purpose: string; diff: Diff }) {
    super(IntegrationAdded.eventName, 'integration', id, version, payload);
  }
}

export class IntegrationActivated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = INTEGRATION_EVENTS.activated;
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(IntegrationActivated.eventName, 'integration', id, version, payload);
  }
}

export class IntegrationDeactivated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = INTEGRATION_EVENTS.deactivated;
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(IntegrationDeactivated.eventName, 'integration', id, version, payload);
  }
}

/** The Bot API refused the token or could not be reached; the integration is left inactive. */
export class IntegrationConnectionFailed extends DomainEvent<{ error: string; diff: Diff }> {
  static readonly eventName = INTEGRATION_EVENTS.connectionFailed;
  constructor(id: string, version: number, payload: { error: string; diff: Diff }) {
    super(IntegrationConnectionFailed.eventName, 'integration', id, version, payload);
  }
}

/** A new token (and webhook secret) replaced the old ones; the diff shows fingerprints only. */
export class IntegrationTokenReplaced extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = INTEGRATION_EVENTS.tokenReplaced;
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(IntegrationTokenReplaced.eventName, 'integration', id, version, payload);
  }
}

// each class records exactly its published payload (the module's contracts/*.events.ts)
const _contracts: [
  ContractOf<typeof IntegrationAdded, IntegrationAddedV1>,
  ContractOf<typeof IntegrationActivated, IntegrationChangedV1>,
  ContractOf<typeof IntegrationDeactivated, IntegrationChangedV1>,
  ContractOf<typeof IntegrationConnectionFailed, IntegrationConnectionFailedV1>,
  ContractOf<typeof IntegrationTokenReplaced, IntegrationChangedV1>,
] = [true, true, true, true, true];
void _contracts;
