import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type {
  AgencySettingsRecord,
  AgencySettingsStore,
  DocumentRecord,
  DocumentStore,
  DocumentVersionRecord,
  OrderDocumentRecord,
  TemplateStore,
  TemplateVersionRecord,
} from '../../application/ports/document-stores.port';
import type { AgencyDetails, DocumentType, TemplateType } from '../../domain/document-data';

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

const TEMPLATE_COLUMNS = `id, type, version, content, assets, comment, active, created_by AS "createdBy",
  created_at AS "createdAt", activated_at AS "activatedAt"`;

function template(r: Record<string, unknown>): TemplateVersionRecord {
  return {
    ...(r as unknown as TemplateVersionRecord),
    createdAt: iso(r.createdAt),
    activatedAt: isoOrNull(r.activatedAt),
  };
}

@Injectable()
export class SqlTemplateStore implements TemplateStore {
  constructor(private readonly uow: UnitOfWork) {}

  async lockType(type: TemplateType): Promise<void> {
    await this.uow.sql(`SELECT pg_advisory_xact_lock(hashtext('document_templates:' || $1))`, [type]);
  }

  async active(type: TemplateType): Promise<TemplateVersionRecord | null> {
    const [r] = await this.uow.rows(
      `SELECT ${TEMPLATE_COLUMNS} FROM document_templates WHERE type = $1 AND active`,
      [type],
    );
    return r ? template(r) : null;
  }

  async get(type: TemplateType, version: number): Promise<TemplateVersionRecord | null> {
    const [r] = await this.uow.rows(
      `SELECT ${TEMPLATE_COLUMNS} FROM document_templates WHERE type = $1 AND version = $2`,
      [type, version],
    );
    return r ? template(r) : null;
  }

  async lastVersion(type: TemplateType): Promise<number> {
    const [r] = await this.uow.rows<{ v: number | null }>(
      `SELECT max(version) AS v FROM document_templates WHERE type = $1`,
      [type],
    );
    return Number(r?.v ?? 0);
  }

  async insert(v: Omit<TemplateVersionRecord, 'createdAt' | 'activatedAt' | 'active'>): Promise<void> {
    await this.uow.sql(
      `INSERT INTO document_templates (id, type, version, content, assets, comment, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [v.id, v.type, v.version, JSON.stringify(v.content), JSON.stringify(v.assets), v.comment, v.createdBy],
    );
  }

  async activate(type: TemplateType, version: number): Promise<void> {
    await this.uow.sql(`UPDATE document_templates SET active = false WHERE type = $1 AND active`, [type]);
    await this.uow.sql(
      `UPDATE document_templates SET active = true, activated_at = now() WHERE type = $1 AND version = $2`,
      [type, version],
    );
  }

  async list(type: TemplateType): Promise<TemplateVersionRecord[]> {
    const rows = await this.uow.rows(
      `SELECT ${TEMPLATE_COLUMNS} FROM document_templates WHERE type = $1 ORDER BY version DESC`,
      [type],
    );
    return rows.map(template);
  }

  async listActive(): Promise<TemplateVersionRecord[]> {
    const rows = await this.uow.rows(
      `SELECT ${TEMPLATE_COLUMNS} FROM document_templates WHERE active ORDER BY type`,
    );
    return rows.map(template);
  }

  async seed(type: TemplateType, id: string, content: Record<string, unknown>): Promise<boolean> {
    const r = await this.uow.sql(
      `INSERT INTO document_templates (id, type, version, content, comment, active, activated_at)
       SELECT $1, $2, 1, $3, 'default template', true, now()
       WHERE NOT EXISTS (SELECT 1 FROM document_templates WHERE type = $2)
       ON CONFLICT DO NOTHING`,
      [id, type, JSON.stringify(content)],
    );
    return r.rowCount > 0;
  }
}

@Injectable()
export class SqlAgencySettingsStore implements AgencySettingsStore {
  constructor(private readonly uow: UnitOfWork) {}

  async get(forUpdate = false): Promise<AgencySettingsRecord | null> {
    const [r] = await this.uow.rows<{
      details: AgencyDetails;
      version: number;
      updatedAt: Date;
      updatedBy: string | null;
    }>(
      `SELECT details, version, updated_at AS "updatedAt", updated_by AS "updatedBy"
         FROM agency_settings WHERE id = 1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    );
    return r ? { ...r, updatedAt: iso(r.updatedAt) } : null;
  }

  async save(details: AgencyDetails, version: number, by: string | null): Promise<void> {
    await this.uow.sql(
      `INSERT INTO agency_settings (id, details, version, updated_by, updated_at) VALUES (1, $1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET details = $1, version = $2, updated_by = $3, updated_at = now()`,
      [JSON.stringify(details), version, by],
    );
  }
}

const DOCUMENT_COLUMNS = `id, type, number, year, sequence, order_id AS "orderId", template_type AS "templateType",
  template_version AS "templateVersion", current_version AS "currentVersion", final, finalized_at AS "finalizedAt",
  finalized_by AS "finalizedBy", issued_at AS "issuedAt", created_by AS "createdBy", created_at AS "createdAt", version`;

function document(r: Record<string, unknown>): DocumentRecord {
  return {
    ...(r as unknown as DocumentRecord),
    finalizedAt: isoOrNull(r.finalizedAt),
    issuedAt: iso(r.issuedAt),
    createdAt: iso(r.createdAt),
  };
}

const VERSION_COLUMNS = `document_id AS "documentId", n, file_key AS "fileKey", size, sha256, data_sha256 AS "dataSha256",
  template_version AS "templateVersion", generated_at AS "generatedAt", generated_by_user AS "generatedByUser",
  generated_by_event AS "generatedByEvent", reason`;

function version(r: Record<string, unknown>): DocumentVersionRecord {
  return { ...(r as unknown as DocumentVersionRecord), generatedAt: iso(r.generatedAt) };
}

@Injectable()
export class SqlDocumentStore implements DocumentStore {
  constructor(private readonly uow: UnitOfWork) {}

  async lockOrderType(orderId: string, type: DocumentType): Promise<void> {
    await this.uow.sql(`SELECT pg_advisory_xact_lock(hashtext('documents:' || $1 || ':' || $2))`, [
      orderId,
      type,
    ]);
  }

  async nextSequence(type: DocumentType, year: number): Promise<number> {
    const [r] = await this.uow.rows<{ last: number }>(
      `INSERT INTO document_number_counters (type, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (type, year) DO UPDATE SET last = document_number_counters.last + 1
       RETURNING last`,
      [type, year],
    );
    return Number(r.last);
  }

  async insert(d: Omit<DocumentRecord, 'createdAt' | 'finalizedAt' | 'finalizedBy'>): Promise<void> {
    await this.uow.sql(
      `INSERT INTO documents (id, type, number, year, sequence, order_id, template_type, template_version,
                              current_version, final, issued_at, created_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        d.id,
        d.type,
        d.number,
        d.year,
        d.sequence,
        d.orderId,
        d.templateType,
        d.templateVersion,
        d.currentVersion,
        d.final,
        d.issuedAt,
        d.createdBy,
        d.version,
      ],
    );
  }

  async update(d: DocumentRecord): Promise<void> {
    await this.uow.sql(
      `UPDATE documents SET template_version = $2, current_version = $3, final = $4, finalized_at = $5,
              finalized_by = $6, version = $7
        WHERE id = $1`,
      [d.id, d.templateVersion, d.currentVersion, d.final, d.finalizedAt, d.finalizedBy, d.version],
    );
  }

  async get(id: string, forUpdate = false): Promise<DocumentRecord | null> {
    const [r] = await this.uow.rows(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return r ? document(r) : null;
  }

  async findByOrder(orderId: string, type?: DocumentType, forUpdate = false): Promise<OrderDocumentRecord[]> {
    const rows = await this.uow.rows(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE order_id = $1 AND ($2::text IS NULL OR type = $2)
        ORDER BY created_at, id ${forUpdate ? 'FOR UPDATE' : ''}`,
      [orderId, type ?? null],
    );
    // a row with an order is an order document (the CHECK keeps acts of destruction order-less)
    return rows.map(document) as OrderDocumentRecord[];
  }

  async ordersWithDocuments(orderIds: readonly string[]): Promise<string[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.uow.preparedRows<{ order_id: string }>(
      'documents.orders-with-documents',
      `SELECT DISTINCT order_id FROM documents WHERE order_id = ANY($1::uuid[])`,
      [[...new Set(orderIds)]],
    );
    return rows.map((r) => r.order_id);
  }

  async insertVersion(v: DocumentVersionRecord): Promise<void> {
    await this.uow.sql(
      `INSERT INTO document_versions (document_id, n, file_key, size, sha256, data_sha256, template_version,
                                      generated_at, generated_by_user, generated_by_event, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        v.documentId,
        v.n,
        v.fileKey,
        v.size,
        v.sha256,
        v.dataSha256,
        v.templateVersion,
        v.generatedAt,
        v.generatedByUser,
        v.generatedByEvent,
        v.reason,
      ],
    );
  }

  async versions(documentId: string): Promise<DocumentVersionRecord[]> {
    const rows = await this.uow.rows(
      `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = $1 ORDER BY n DESC`,
      [documentId],
    );
    return rows.map(version);
  }

  async version(documentId: string, n: number): Promise<DocumentVersionRecord | null> {
    const [r] = await this.uow.rows(
      `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = $1 AND n = $2`,
      [documentId, n],
    );
    return r ? version(r) : null;
  }
}
