import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';

/**
 * The privacy module's published events (entities: consent, consent_text, destruction,
 * privacy_request, incident, transfer). Payloads carry ids, versions, dates and categories —
 * never personal data. Version 1 = the unversioned shape plus `v`. The payloads other modules
 * read are typed below; the rest are audited only (their diff or payload goes to the audit log).
 */
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

/** A consent was withdrawn (by staff, the subject, or a channel such as the bot's /stop). */
export interface ConsentWithdrawnV1 {
  v: 1;
  /** client | application | telegram_chat */
  subjectKind: string;
  /** For a telegram chat: `integrationId:chatId`. */
  subjectId: string;
  clientId: string | null;
  purpose: string;
  channel: string;
  destroyAfter: string | null;
}

/** A subject request's answer is due soon; `notice` is the Russian line operators get. */
export interface RequestDueSoonV1 {
  v: 1;
  dueOn: string;
  kind: string;
  notice: string;
}

/** A notice to Roskomnadzor about an incident is due; `notice` is the Russian line operators get. */
export interface IncidentNoticeDueV1 {
  v: 1;
  stage: 'first' | 'results';
  notice: string;
}

export interface PrivacyEventPayloads {
  'privacy.consent-withdrawn': ConsentWithdrawnV1;
  'privacy.request-due-soon': RequestDueSoonV1;
  'privacy.incident-notice-due': IncidentNoticeDueV1;
}

export type PrivacyEvent = EnvelopeOf<PrivacyEventPayloads>;

export const PRIVACY_UPCASTERS: UpcasterTable = {};
