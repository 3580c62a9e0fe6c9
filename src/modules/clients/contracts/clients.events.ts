import type { Diff } from '../../../shared/domain/domain-event';
import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';

/**
 * The clients module's published events (version 1 = the unversioned shape plus `v`). Diffs are
 * built from the masked snapshot: never personal data in the clear.
 */
export const CLIENT_EVENTS = {
  created: 'clients.created',
  updated: 'clients.updated',
  deleted: 'clients.deleted',
  personalDataErased: 'clients.personal-data-erased',
  merged: 'clients.merged',
  mergedInto: 'clients.merged-into',
  duplicateAllowed: 'clients.duplicate-allowed',
  /** A response revealed a client's full personal data (shared name with applications). */
  personalDataRead: 'pii.read',
} as const;

export interface ClientCreatedV1 {
  v: 1;
  fullName: string;
  diff: Diff;
  source: string;
}
export interface ClientUpdatedV1 {
  v: 1;
  diff: Diff;
}
export interface ClientDeletedV1 {
  v: 1;
  fullName: string;
  erased: string[];
}
export interface ClientPersonalDataErasedV1 {
  v: 1;
  pseudonym: string;
  erased: string[];
}
export interface ClientsMergedV1 {
  v: 1;
  survivorId: string;
  duplicateId: string;
  diff: Diff;
}
export interface ClientMergedIntoV1 {
  v: 1;
  survivorId: string;
  duplicateId: string;
}
export interface ClientDuplicateAllowedV1 {
  v: 1;
  matches: Array<{ clientId: string; field: 'email' | 'phone' | 'passport' }>;
}
export interface PersonalDataReadV1 {
  v: 1;
  fields: string[];
  via: string;
  fileId?: string;
}

export interface ClientEventPayloads {
  'clients.created': ClientCreatedV1;
  'clients.updated': ClientUpdatedV1;
  'clients.deleted': ClientDeletedV1;
  'clients.personal-data-erased': ClientPersonalDataErasedV1;
  'clients.merged': ClientsMergedV1;
  'clients.merged-into': ClientMergedIntoV1;
  'clients.duplicate-allowed': ClientDuplicateAllowedV1;
  'pii.read': PersonalDataReadV1;
}

export type ClientEvent = EnvelopeOf<ClientEventPayloads>;

export const CLIENT_UPCASTERS: UpcasterTable = {};
