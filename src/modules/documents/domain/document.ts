import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { DomainError } from '../../../shared/domain/domain-error';
import type { DocumentType, StoredDocumentType } from './document-data';
import { DocumentFinalized, DocumentGenerated, DocumentOutdated } from './document.events';

export class DocumentFinalError extends DomainError {
  constructor(id: string, number: string) {
    super('DOCUMENTS.FINAL', `Document ${number} is final and is never replaced`, { documentId: id, number });
  }
}

/** A document as stored: its number, the version it shows and whether it is final. */
export interface DocumentProps {
  id: string;
  type: StoredDocumentType;
  number: string;
  year: number;
  sequence: number;
  /** Null only for an act of destruction. */
  orderId: string | null;
  templateType: StoredDocumentType;
  templateVersion: number;
  /** The number of the version it shows (0 before the first one is issued). */
  currentVersion: number;
  final: boolean;
  finalizedAt: string | null;
  finalizedBy: string | null;
  issuedAt: string;
  createdBy: string | null;
  createdAt: string;
  /** The aggregate's optimistic version. */
  version: number;
}

/** The inputs a version was rendered from: the hash of the data and the template version. */
export interface RenderedInputs {
  dataSha256: string;
  templateVersion: number;
}

/** A rendered and stored file that becomes the document's next version. */
export interface IssuedFile extends RenderedInputs {
  sha256: string;
  reason: string;
}

/**
 * A document of an order (contract, invoice, act, proposal) and its numbered versions: the one
 * place that decides the next version number, the aggregate version and what a final document
 * allows (never a new version: it is marked outdated instead).
 */
export class Document extends AggregateRoot {
  private constructor(
    private props: DocumentProps,
    private readonly isNew: boolean,
  ) {
    super(props.id, props.version);
  }

  /** A new document of an order with its number; it has no version until one is issued. */
  static open(
    p: Pick<DocumentProps, 'id' | 'type' | 'number' | 'year' | 'sequence' | 'orderId' | 'templateVersion'>,
    by: string | null,
    now: Date,
  ): Document {
    return new Document(
      {
        ...p,
        templateType: p.type,
        currentVersion: 0,
        final: false,
        finalizedAt: null,
        finalizedBy: null,
        issuedAt: now.toISOString(),
        createdBy: by,
        createdAt: now.toISOString(),
        version: 0,
      },
      true,
    );
  }

  static reconstitute(props: DocumentProps): Document {
    return new Document({ ...props }, false);
  }

  get isUnsaved(): boolean {
    return this.isNew;
  }
  get final(): boolean {
    return this.props.final;
  }
  get number(): string {
    return this.props.number;
  }
  get currentVersion(): number {
    return this.props.currentVersion;
  }
  /** The document's state with the version it will have once saved. */
  state(): DocumentProps {
    return { ...this.props, version: this.hasChanges ? this.nextVersion : this.version };
  }

  /** Whether rendering these inputs would differ from the current version's. */
  needsVersion(current: RenderedInputs | null, next: RenderedInputs): boolean {
    if (this.props.currentVersion === 0 || current === null) return true;
    return current.dataSha256 !== next.dataSha256 || current.templateVersion !== next.templateVersion;
  }

  /** The number the next issued version gets. */
  get nextVersionNumber(): number {
    return this.props.currentVersion + 1;
  }

  /** Takes a rendered file as the next version; a final document refuses. Returns its number. */
  issueVersion(file: IssuedFile): number {
    if (this.props.final) throw new DocumentFinalError(this.id, this.props.number);
    const n = this.nextVersionNumber;
    const from = this.props.currentVersion || null;
    this.props.currentVersion = n;
    this.props.templateVersion = file.templateVersion;
    this.record(
      new DocumentGenerated(this.id, this.nextVersion, {
        type: this.props.type as DocumentType,
        number: this.props.number,
        orderId: this.props.orderId!,
        version: n,
        sha256: file.sha256,
        dataSha256: file.dataSha256,
        templateVersion: file.templateVersion,
        reason: file.reason,
        diff: { currentVersion: { from, to: n } },
      }),
    );
    return n;
  }

  /** The order of a final document changed: it no longer matches (a draft is re-issued instead). */
  markOutdated(cause: string, causeEventId: string): boolean {
    if (!this.props.final || this.props.orderId === null) return false;
    this.record(
      new DocumentOutdated(this.id, this.nextVersion, {
        type: this.props.type as DocumentType,
        number: this.props.number,
        orderId: this.props.orderId,
        cause,
        causeEventId,
        diff: {},
      }),
    );
    return true;
  }

  /** Signed and issued: never replaced afterwards. An act of destruction is born final. */
  finalize(by: string | null, now: Date): boolean {
    if (this.props.final || this.props.orderId === null || this.props.type === 'destruction_act')
      return false;
    this.props.final = true;
    this.props.finalizedAt = now.toISOString();
    this.props.finalizedBy = by;
    this.record(
      new DocumentFinalized(this.id, this.nextVersion, {
        type: this.props.type,
        number: this.props.number,
        orderId: this.props.orderId,
        diff: { final: { from: false, to: true } },
      }),
    );
    return true;
  }
}
