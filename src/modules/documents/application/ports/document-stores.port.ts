import type { DocumentProps } from '../../domain/document';
import type {
  AgencyDetails,
  DocumentType,
  StoredDocumentType,
  TemplateType,
} from '../../domain/document-data';

export const TEMPLATE_STORE = Symbol('TEMPLATE_STORE');
export const AGENCY_SETTINGS_STORE = Symbol('AGENCY_SETTINGS_STORE');
export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

export interface TemplateAsset {
  key: string;
  contentType: string;
  size: number;
}

export interface TemplateVersionRecord {
  id: string;
  type: TemplateType;
  version: number;
  content: Record<string, unknown>;
  assets: Record<string, TemplateAsset>;
  comment: string;
  active: boolean;
  createdBy: string | null;
  createdAt: string;
  activatedAt: string | null;
}

export interface TemplateStore {
  /** Locks the type's versions for the rest of the transaction (numbering, activation). */
  lockType(type: TemplateType): Promise<void>;
  active(type: TemplateType): Promise<TemplateVersionRecord | null>;
  get(type: TemplateType, version: number): Promise<TemplateVersionRecord | null>;
  lastVersion(type: TemplateType): Promise<number>;
  insert(v: Omit<TemplateVersionRecord, 'createdAt' | 'activatedAt' | 'active'>): Promise<void>;
  activate(type: TemplateType, version: number): Promise<void>;
  list(type: TemplateType): Promise<TemplateVersionRecord[]>;
  listActive(): Promise<TemplateVersionRecord[]>;
  /** Inserts version 1 as active unless the type has versions (safe with several replicas). */
  seed(type: TemplateType, id: string, content: Record<string, unknown>): Promise<boolean>;
}

export interface AgencySettingsRecord {
  details: AgencyDetails;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface AgencySettingsStore {
  get(forUpdate?: boolean): Promise<AgencySettingsRecord | null>;
  save(details: AgencyDetails, version: number, by: string | null): Promise<void>;
}

/** A document as stored (the Document aggregate's state). */
export type DocumentRecord = DocumentProps;

/** A document of an order (contract, invoice, act, proposal). */
export type OrderDocumentRecord = DocumentRecord & {
  type: DocumentType;
  orderId: string;
  templateType: DocumentType;
};

export interface DocumentVersionRecord {
  documentId: string;
  n: number;
  fileKey: string;
  size: number;
  sha256: string;
  dataSha256: string;
  templateVersion: number;
  generatedAt: string;
  generatedByUser: string | null;
  generatedByEvent: string | null;
  reason: string;
}

export interface DocumentStore {
  /** Serialises work on one order's document of a type until commit (first creation races). */
  lockOrderType(orderId: string, type: DocumentType): Promise<void>;
  /** The next gap-free sequence number of a type in a year (locks the counter until commit). */
  nextSequence(type: StoredDocumentType, year: number): Promise<number>;
  insert(d: Omit<DocumentRecord, 'createdAt' | 'finalizedAt' | 'finalizedBy'>): Promise<void>;
  update(d: DocumentRecord): Promise<void>;
  get(id: string, forUpdate?: boolean): Promise<DocumentRecord | null>;
  findByOrder(orderId: string, type?: DocumentType, forUpdate?: boolean): Promise<OrderDocumentRecord[]>;
  /** Of these orders, the ones that have any document (one statement for a batch of events). */
  ordersWithDocuments(orderIds: readonly string[]): Promise<string[]>;
  insertVersion(v: DocumentVersionRecord): Promise<void>;
  versions(documentId: string): Promise<DocumentVersionRecord[]>;
  version(documentId: string, n: number): Promise<DocumentVersionRecord | null>;
}
