import type { Diff } from '../../../shared/domain/domain-event';
import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';

/**
 * The applications module's published events (version 1 = the unversioned shape plus `v`).
 * Payloads never carry the contact or the raw payload in the clear: diffs are masked.
 */
export const APPLICATION_EVENTS = {
  created: 'applications.created',
  updated: 'applications.updated',
  statusChanged: 'applications.status-changed',
  converted: 'applications.converted',
  clientRelinked: 'applications.client-relinked',
  personalDataErased: 'applications.personal-data-erased',
  /** Shared with clients: a response revealed personal data (entity `application` here). */
  personalDataRead: 'pii.read',
} as const;

export interface ApplicationCreatedV1 {
  v: 1;
  source: string;
  clientId: string | null;
  number?: string | null;
  diff: Diff;
}
export interface ApplicationUpdatedV1 {
  v: 1;
  diff: Diff;
}
export interface ApplicationStatusChangedV1 {
  v: 1;
  from: string;
  to: string;
  diff: Diff;
}
export interface ApplicationConvertedV1 {
  v: 1;
  orderId: string;
  clientId: string;
  clientCreated: boolean;
  diff: Diff;
}
export interface ApplicationClientRelinkedV1 {
  v: 1;
  fromClientId: string;
  toClientId: string;
  diff: Diff;
}
export interface ApplicationPersonalDataReadV1 {
  v: 1;
  fields: string[];
  via: string;
}
export interface ApplicationPersonalDataErasedV1 {
  v: 1;
  attachments: number;
}

export interface ApplicationEventPayloads {
  'applications.created': ApplicationCreatedV1;
  'applications.updated': ApplicationUpdatedV1;
  'applications.status-changed': ApplicationStatusChangedV1;
  'applications.converted': ApplicationConvertedV1;
  'applications.client-relinked': ApplicationClientRelinkedV1;
  'applications.personal-data-erased': ApplicationPersonalDataErasedV1;
}

export type ApplicationEvent = EnvelopeOf<ApplicationEventPayloads>;

export const APPLICATION_UPCASTERS: UpcasterTable = {};
