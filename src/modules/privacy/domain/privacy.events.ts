import { DomainEvent } from '../../../shared/domain/domain-event';

/**
 * Events of the privacy module (entity names: consent, consent_text, destruction, privacy_request,
 * incident, transfer). Payloads carry ids, versions, dates and categories — never personal data.
 */
export class PrivacyEvent extends DomainEvent<Record<string, unknown>> {
  constructor(
    name: string,
    aggregateType: string,
    id: string | null,
    payload: Record<string, unknown>,
    version = 0,
  ) {
    super(name, aggregateType, id, version, payload);
  }
}

/** The names are the published contract (contracts/privacy.events.ts). */
export { PRIVACY_EVENTS } from '../contracts/privacy.events';
