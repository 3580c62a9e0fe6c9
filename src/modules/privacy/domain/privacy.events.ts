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

export const PRIVACY_EVENTS = {
  consentTextAdded: 'privacy.consent-text-added',
  consentRecorded: 'privacy.consent-recorded',
  consentWithdrawn: 'privacy.consent-withdrawn',
  personalDataExported: 'privacy.personal-data-exported',
  clientDestroyed: 'privacy.client-data-destroyed',
  applicationsDestroyed: 'privacy.applications-destroyed',
  requestRegistered: 'privacy.request-registered',
  requestExtended: 'privacy.request-extended',
  requestClosed: 'privacy.request-closed',
  requestDueSoon: 'privacy.request-due-soon',
  calendarDaySet: 'privacy.calendar-day-set',
  retentionRan: 'privacy.retention-ran',
  incidentRegistered: 'privacy.incident-registered',
  incidentNoticeDue: 'privacy.incident-notice-due',
  incidentUpdated: 'privacy.incident-updated',
  transferRecorded: 'privacy.transfer-recorded',
  countrySet: 'privacy.country-set',
} as const;
