import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomBytes } from 'node:crypto';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import { DestructionActIssued } from '../../../domain/document.events';
import { buildDestructionActData, DESTRUCTION_ACT_TITLE } from '../../../domain/privacy-document-data';
import { calendarDate } from '../../../domain/russian-format';
import { renderTemplate } from '../../../domain/template-engine';
import {
  AGENCY_SETTINGS_STORE,
  type AgencySettingsStore,
  DOCUMENT_STORE,
  type DocumentStore,
  TEMPLATE_STORE,
  type TemplateStore,
} from '../../ports/document-stores.port';
import { PDF_RENDERER, type PdfRenderer } from '../../ports/pdf-renderer.port';
import { AgencySettingsMissingError } from '../../services/document-generator';
import { TemplateAssets } from '../../services/template-assets';
import { IssueDestructionActCommand } from './issue-destruction-act.command';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

@CommandHandler(IssueDestructionActCommand)
export class IssueDestructionActHandler implements ICommandHandler<IssueDestructionActCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
    @Inject(AGENCY_SETTINGS_STORE) private readonly settings: AgencySettingsStore,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly assets: TemplateAssets,
  ) {}

  async execute({ act, actor }: IssueDestructionActCommand): Promise<{ documentId: string; number: string }> {
    return this.uow.run(async () => {
      const agency = await this.settings.get();
      if (!agency) throw new AgencySettingsMissingError();
      const template = await this.templates.active('destruction_act');
      if (!template) throw new NotFoundError('template', 'destruction_act');
      const now = new Date();
      const year = calendarDate(now, 'Europe/Moscow').year;
      const sequence = await this.documents.nextSequence('destruction_act', year);
      const number = `АУ-${year}-${String(sequence).padStart(6, '0')}`;
      const id = uuidv7();
      const issuedAt = now.toISOString();
      const data = buildDestructionActData(act, agency.details, { number, issuedAt });
      const definition = await this.assets.inline(renderTemplate(template.content, data), template.assets);
      const pdf = await this.renderer.render({
        definition,
        createdAt: issuedAt,
        title: `${DESTRUCTION_ACT_TITLE} № ${number}`,
      });
      const fileKey = `documents/${id}/1-${randomBytes(16).toString('hex')}.pdf`;
      await this.storage.put({ key: fileKey, body: pdf, contentType: 'application/pdf', size: pdf.length });
      await this.documents.insert({
        id,
        type: 'destruction_act',
        number,
        year,
        sequence,
        orderId: null,
        templateType: 'destruction_act',
        templateVersion: template.version,
        currentVersion: 1,
        final: true,
        issuedAt,
        createdBy: actor.userId,
        version: 1,
      });
      const pdfSha256 = sha256(pdf);
      await this.documents.insertVersion({
        documentId: id,
        n: 1,
        fileKey,
        size: pdf.length,
        sha256: pdfSha256,
        dataSha256: sha256(JSON.stringify(data)),
        templateVersion: template.version,
        generatedAt: issuedAt,
        generatedByUser: actor.userId,
        generatedByEvent: null,
        reason: 'privacy.destruction',
      });
      await this.outbox.append(
        [new DestructionActIssued(id, { number, sha256: pdfSha256, templateVersion: template.version })],
        actor,
      );
      return { documentId: id, number };
    });
  }
}
