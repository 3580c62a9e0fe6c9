import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';
import type { DocumentType, TemplateType } from './document-data';
import type { ContractOf } from '../../../shared/domain/event-contract';
import {
  type AgencySettingsUpdatedV1,
  type DestructionActIssuedV1,
  type DocumentCrossBorderForcedV1,
  DOCUMENT_EVENTS,
  type DocumentFinalizedV1,
  type DocumentGeneratedV1,
  type DocumentOutdatedV1,
  type TemplateVersionActivatedV1,
  type TemplateVersionAddedV1,
} from '../contracts/documents.events';

export interface DocumentGeneratedPayload {
  type: DocumentType;
  number: string;
  orderId: string;
  version: number;
  sha256: string;
  dataSha256: string;
  templateVersion: number;
  reason: string;
  diff: Diff;
}

/** A new version of a document was rendered and stored. */
export class DocumentGenerated extends DomainEvent<DocumentGeneratedPayload> {
  static readonly eventName = DOCUMENT_EVENTS.generated;
  constructor(id: string, version: number, payload: DocumentGeneratedPayload) {
    super(DocumentGenerated.eventName, 'document', id, version, payload);
  }
}

/** The document was marked final (signed, issued): it is never replaced afterwards. */
export class DocumentFinalized extends DomainEvent<{
  type: DocumentType;
  number: string;
  orderId: string;
  diff: Diff;
}> {
  static readonly eventName = DOCUMENT_EVENTS.finalized;
  constructor(
    id: string,
    version: number,
    payload: { type: DocumentType; number: string; orderId: string; diff: Diff },
  ) {
    super(DocumentFinalized.eventName, 'document', id, version, payload);
  }
}

/** The order of a final document changed after it was issued: the document no longer matches. */
export class DocumentOutdated extends DomainEvent<{
  type: DocumentType;
  number: string;
  orderId: string;
  cause: string;
  causeEventId: string;
  diff: Diff;
}> {
  static readonly eventName = DOCUMENT_EVENTS.outdated;
  constructor(
    id: string,
    version: number,
    payload: {
      type: DocumentType;
      number: string;
      orderId: string;
      cause: string;
      causeEventId: string;
      diff: Diff;
    },
  ) {
    super(DocumentOutdated.eventName, 'document', id, version, payload);
  }
}

export class TemplateVersionAdded extends DomainEvent<{
  type: TemplateType;
  version: number;
  comment: string;
  activated: boolean;
  diff: Diff;
}> {
  static readonly eventName = DOCUMENT_EVENTS.templateVersionAdded;
  constructor(
    id: string,
    payload: { type: TemplateType; version: number; comment: string; activated: boolean; diff: Diff },
  ) {
    super(TemplateVersionAdded.eventName, 'template', id, payload.version, payload);
  }
}

export class TemplateVersionActivated extends DomainEvent<{
  type: TemplateType;
  version: number;
  diff: Diff;
}> {
  static readonly eventName = DOCUMENT_EVENTS.templateVersionActivated;
  constructor(id: string, payload: { type: TemplateType; version: number; diff: Diff }) {
    super(TemplateVersionActivated.eventName, 'template', id, payload.version, payload);
  }
}

export class AgencySettingsUpdated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = DOCUMENT_EVENTS.agencySettingsUpdated;
  constructor(version: number, payload: { diff: Diff }) {
    super(AgencySettingsUpdated.eventName, 'settings', null, version, payload);
  }
}

/** An act of destruction of personal data (152-FZ) was rendered and stored; it is final at once. */
export class DestructionActIssued extends DomainEvent<{
  number: string;
  sha256: string;
  templateVersion: number;
}> {
  static readonly eventName = DOCUMENT_EVENTS.destructionActIssued;
  constructor(id: string, payload: { number: string; sha256: string; templateVersion: number }) {
    super(DestructionActIssued.eventName, 'document', id, 1, payload);
  }
}

export interface CrossBorderForcedPayload {
  orderId: string;
  action: 'generate' | 'finalize';
  type: DocumentType;
  /** The services and countries whose transfer to the supplier was not notified (no personal data). */
  transfers: Array<{ serviceId: string; message: string }>;
}

/**
 * Someone sent `force: true` to generate or finalize a document of an order whose supplier abroad
 * gets passenger data without a notified cross-border transfer (152-FZ art. 12): the audit keeps who.
 */
export class DocumentCrossBorderForced extends DomainEvent<CrossBorderForcedPayload> {
  static readonly eventName = DOCUMENT_EVENTS.crossBorderForced;
  constructor(documentId: string | null, payload: CrossBorderForcedPayload) {
    super(DocumentCrossBorderForced.eventName, 'document', documentId, 0, payload);
  }

  forDocument(documentId: string): DocumentCrossBorderForced {
    return new DocumentCrossBorderForced(documentId, this.payload);
  }
}

// each class records exactly its published payload (contracts/documents.events.ts)
const _contracts: [
  ContractOf<typeof DocumentGenerated, DocumentGeneratedV1>,
  ContractOf<typeof DocumentFinalized, DocumentFinalizedV1>,
  ContractOf<typeof DocumentOutdated, DocumentOutdatedV1>,
  ContractOf<typeof DestructionActIssued, DestructionActIssuedV1>,
  ContractOf<typeof TemplateVersionAdded, TemplateVersionAddedV1>,
  ContractOf<typeof TemplateVersionActivated, TemplateVersionActivatedV1>,
  ContractOf<typeof AgencySettingsUpdated, AgencySettingsUpdatedV1>,
  ContractOf<typeof DocumentCrossBorderForced, DocumentCrossBorderForcedV1>,
] = [true, true, true, true, true, true, true, true];
void _contracts;
