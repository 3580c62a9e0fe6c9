import type { AgencyDetails, StoredDocumentType, TemplateType } from '../domain/document-data';
import type {
  DocumentRecord,
  DocumentVersionRecord,
  TemplateVersionRecord,
} from './ports/document-stores.port';

export interface TemplateVersionView {
  type: TemplateType;
  version: number;
  comment: string;
  active: boolean;
  assets: string[];
  createdBy: string | null;
  createdAt: string;
  activatedAt: string | null;
}

export interface TemplateVersionDetailView extends TemplateVersionView {
  content: Record<string, unknown>;
}

export function templateVersionView(r: TemplateVersionRecord): TemplateVersionView {
  return {
    type: r.type,
    version: r.version,
    comment: r.comment,
    active: r.active,
    assets: Object.keys(r.assets ?? {}).sort(),
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    activatedAt: r.activatedAt,
  };
}

export interface AgencySettingsView extends AgencyDetails {
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface DocumentVersionView {
  version: number;
  size: number;
  sha256: string;
  dataSha256: string;
  templateVersion: number;
  generatedAt: string;
  generatedByUserId: string | null;
  generatedByEventId: string | null;
  reason: string;
}

export function documentVersionView(v: DocumentVersionRecord): DocumentVersionView {
  return {
    version: v.n,
    size: v.size,
    sha256: v.sha256,
    dataSha256: v.dataSha256,
    templateVersion: v.templateVersion,
    generatedAt: v.generatedAt,
    generatedByUserId: v.generatedByUser,
    generatedByEventId: v.generatedByEvent,
    reason: v.reason,
  };
}

export interface DocumentView {
  id: string;
  number: string;
  type: StoredDocumentType;
  /** Null for an act of destruction. */
  orderId: string | null;
  templateType: StoredDocumentType;
  templateVersion: number;
  currentVersion: number;
  final: boolean;
  finalizedAt: string | null;
  finalizedBy: string | null;
  issuedAt: string;
  createdAt: string;
  version: number;
  current: DocumentVersionView | null;
}

export function documentView(d: DocumentRecord, current: DocumentVersionRecord | null): DocumentView {
  return {
    id: d.id,
    number: d.number,
    type: d.type,
    orderId: d.orderId,
    templateType: d.templateType,
    templateVersion: d.templateVersion,
    currentVersion: d.currentVersion,
    final: d.final,
    finalizedAt: d.finalizedAt,
    finalizedBy: d.finalizedBy,
    issuedAt: d.issuedAt,
    createdAt: d.createdAt,
    version: d.version,
    current: current ? documentVersionView(current) : null,
  };
}
