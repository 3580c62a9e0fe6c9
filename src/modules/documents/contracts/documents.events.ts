import type { Diff } from '../../../shared/domain/domain-event';
import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';

/** The documents module's published events (version 1 = the unversioned shape plus `v`). */
export const DOCUMENT_EVENTS = {
  generated: 'documents.generated',
  finalized: 'documents.finalized',
  outdated: 'documents.outdated',
  destructionActIssued: 'documents.destruction-act-issued',
  templateVersionAdded: 'templates.version-added',
  templateVersionActivated: 'templates.version-activated',
  agencySettingsUpdated: 'settings.agency-updated',
  crossBorderForced: 'documents.cross-border-forced',
} as const;

/** contract | invoice | act | proposal (documents of an order). */
export type OrderDocumentTypeV1 = 'contract' | 'invoice' | 'act' | 'proposal';
/** The order document types plus agent_report, destruction_act and personal_data_report. */
export type TemplateTypeV1 =
  OrderDocumentTypeV1 | 'agent_report' | 'destruction_act' | 'personal_data_report';

export interface DocumentGeneratedV1 {
  v: 1;
  type: OrderDocumentTypeV1;
  number: string;
  orderId: string;
  version: number;
  sha256: string;
  dataSha256: string;
  templateVersion: number;
  reason: string;
  diff: Diff;
}

export interface DocumentFinalizedV1 {
  v: 1;
  type: OrderDocumentTypeV1;
  number: string;
  orderId: string;
  diff: Diff;
}

/** A final document whose order changed after it was issued: it no longer matches. */
export interface DocumentOutdatedV1 {
  v: 1;
  type: OrderDocumentTypeV1;
  number: string;
  orderId: string;
  /** The name and id of the event that changed the order. */
  cause: string;
  causeEventId: string;
  diff: Diff;
}

export interface DestructionActIssuedV1 {
  v: 1;
  number: string;
  sha256: string;
  templateVersion: number;
}

export interface TemplateVersionAddedV1 {
  v: 1;
  type: TemplateTypeV1;
  version: number;
  comment: string;
  activated: boolean;
  diff: Diff;
}

export interface TemplateVersionActivatedV1 {
  v: 1;
  type: TemplateTypeV1;
  version: number;
  diff: Diff;
}

export interface AgencySettingsUpdatedV1 {
  v: 1;
  diff: Diff;
}

/** A document was generated or finalized with `force` despite an unnotified cross-border transfer. */
export interface DocumentCrossBorderForcedV1 {
  v: 1;
  orderId: string;
  action: 'generate' | 'finalize';
  type: OrderDocumentTypeV1;
  /** The services whose transfer to a supplier abroad was not notified (no personal data). */
  transfers: Array<{ serviceId: string; message: string }>;
}

export interface DocumentEventPayloads {
  'documents.generated': DocumentGeneratedV1;
  'documents.finalized': DocumentFinalizedV1;
  'documents.outdated': DocumentOutdatedV1;
  'documents.destruction-act-issued': DestructionActIssuedV1;
  'templates.version-added': TemplateVersionAddedV1;
  'templates.version-activated': TemplateVersionActivatedV1;
  'settings.agency-updated': AgencySettingsUpdatedV1;
  'documents.cross-border-forced': DocumentCrossBorderForcedV1;
}

export type DocumentEvent = EnvelopeOf<DocumentEventPayloads>;

export const DOCUMENT_UPCASTERS: UpcasterTable = {};
