import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';
import type { DocumentType, TemplateType } from './document-data';

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
  static readonly eventName = 'documents.generated';
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
  static readonly eventName = 'documents.finalized';
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
  static readonly eventName = 'documents.outdated';
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
  static readonly eventName = 'templates.version-added';
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
  static readonly eventName = 'templates.version-activated';
  constructor(id: string, payload: { type: TemplateType; version: number; diff: Diff }) {
    super(TemplateVersionActivated.eventName, 'template', id, payload.version, payload);
  }
}

export class AgencySettingsUpdated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = 'settings.agency-updated';
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
  static readonly eventName = 'documents.destruction-act-issued';
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
  static readonly eventName = 'documents.cross-border-forced';
  constructor(documentId: string | null, payload: CrossBorderForcedPayload) {
    super(DocumentCrossBorderForced.eventName, 'document', documentId, 0, payload);
  }

  forDocument(documentId: string): DocumentCrossBorderForced {
    return new DocumentCrossBorderForced(documentId, this.payload);
  }
}
