import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../shared/domain/actor';
import { DomainError, NotFoundError } from '../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../shared/storage/object-storage.port';
import { type DocumentType, documentNumber } from '../../domain/document-data';
import { Document, DocumentFinalError } from '../../domain/document';
import { buildDocumentData, canonicalJson } from '../../domain/order-snapshot';
import { calendarDate } from '../../domain/russian-format';
import { renderTemplate } from '../../domain/template-engine';
import {
  AGENCY_SETTINGS_STORE,
  type AgencySettingsStore,
  DOCUMENT_STORE,
  type OrderDocumentRecord,
  type DocumentStore,
  TEMPLATE_STORE,
  type TemplateStore,
} from '../ports/document-stores.port';
import { ORDER_DOCUMENT_SOURCE, type OrderDocumentSource } from '../ports/order-document-source.port';
import { PDF_RENDERER, type PdfRenderer } from '../ports/pdf-renderer.port';
import { TemplateAssets } from './template-assets';

export { DocumentFinalError };

export class AgencySettingsMissingError extends DomainError {
  constructor() {
    super(
      'DOCUMENTS.AGENCY_SETTINGS_MISSING',
      'The agency requisites are not set yet (PUT /api/v1/settings/agency) — documents cannot be issued',
    );
  }
}

export interface GenerateRequest {
  orderId: string;
  type: DocumentType;
  actor: Actor;
  /** Why: `requested` by a user, or the name of the order event that caused it. */
  reason: string;
  causeEventId?: string;
  /** Regeneration: skip when the data and the template are the same as the current version's. */
  onlyIfChanged?: boolean;
}

export type GenerateResult =
  | { status: 'generated'; documentId: string; version: number }
  | { status: 'unchanged'; documentId: string; version: number }
  | { status: 'order-gone' }
  /** Regeneration found the document final meanwhile: it is never replaced. */
  | { status: 'final'; documentId: string };

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * Renders a new version of an order's document of one type (creating the document, with the
 * next gap-free number, on first use) and stores it. Runs in one transaction with the number
 * counter, the version row and the outbox event; the PDF is written to storage inside it, so a
 * failed transaction leaves at most an unreferenced object, never a row without its file.
 */
@Injectable()
export class DocumentGenerator {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
    @Inject(AGENCY_SETTINGS_STORE) private readonly settings: AgencySettingsStore,
    @Inject(ORDER_DOCUMENT_SOURCE) private readonly orders: OrderDocumentSource,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly assets: TemplateAssets,
  ) {}

  async generate(req: GenerateRequest, existing?: OrderDocumentRecord): Promise<GenerateResult> {
    return this.uow.run(async () => {
      const order = await this.orders.load(req.orderId);
      if (!order && existing) return { status: 'order-gone' };
      if (!order) throw new NotFoundError('order', req.orderId);
      const agency = await this.settings.get();
      if (!agency) throw new AgencySettingsMissingError();
      const template = await this.templates.active(req.type);
      if (!template) throw new NotFoundError('template', req.type);

      await this.documents.lockOrderType(req.orderId, req.type);
      const record = existing
        ? await this.documents.get(existing.id, true)
        : (await this.documents.findByOrder(req.orderId, req.type, true))[0];
      const now = new Date();
      let doc: Document;
      if (record) {
        doc = Document.reconstitute(record);
      } else {
        // numbers run per calendar year in the agency's time zone (Moscow), not UTC
        const year = calendarDate(now, 'Europe/Moscow').year;
        const sequence = await this.documents.nextSequence(req.type, year);
        doc = Document.open(
          {
            id: uuidv7(),
            type: req.type,
            number: documentNumber(req.type, year, sequence),
            year,
            sequence,
            orderId: req.orderId,
            templateVersion: template.version,
          },
          req.actor.userId,
          now,
        );
      }
      if (doc.final && req.onlyIfChanged) return { status: 'final', documentId: doc.id };
      if (doc.final) throw new DocumentFinalError(doc.id, doc.number);

      const data = buildDocumentData(order, agency.details, {
        type: req.type,
        number: doc.number,
        issuedAt: doc.state().issuedAt,
      });
      const inputs = { dataSha256: sha256(canonicalJson(data)), templateVersion: template.version };
      if (req.onlyIfChanged && doc.currentVersion > 0) {
        const current = await this.documents.version(doc.id, doc.currentVersion);
        if (!doc.needsVersion(current, inputs)) {
          return { status: 'unchanged', documentId: doc.id, version: doc.currentVersion };
        }
      }

      const definition = await this.assets.inline(renderTemplate(template.content, data), template.assets);
      const issuedAt = doc.state().issuedAt;
      const pdf = await this.renderer.render({
        definition,
        createdAt: issuedAt,
        title: `${data.document.title} № ${doc.number}`,
      });
      const n = doc.nextVersionNumber;
      // unguessable: a random component nobody can derive from the document id or number
      const fileKey = `documents/${doc.id}/${n}-${randomBytes(16).toString('hex')}.pdf`;
      await this.storage.put({ key: fileKey, body: pdf, contentType: 'application/pdf', size: pdf.length });
      const pdfSha256 = sha256(pdf);
      doc.issueVersion({ ...inputs, sha256: pdfSha256, reason: req.reason });
      if (doc.isUnsaved) await this.documents.insert(doc.state());
      else await this.documents.update(doc.state());
      await this.documents.insertVersion({
        documentId: doc.id,
        n,
        fileKey,
        size: pdf.length,
        sha256: pdfSha256,
        dataSha256: inputs.dataSha256,
        templateVersion: template.version,
        generatedAt: now.toISOString(),
        generatedByUser: req.causeEventId ? null : req.actor.userId,
        generatedByEvent: req.causeEventId ?? null,
        reason: req.reason,
      });
      await this.outbox.append(doc.pullEvents(), req.actor);
      return { status: 'generated', documentId: doc.id, version: n };
    });
  }
}
