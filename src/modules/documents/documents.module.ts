import { Module } from '@nestjs/common';
import { AgencySettingsController } from './api/agency-settings.controller';
import { DocumentsController } from './api/documents.controller';
import { TemplatesController } from './api/templates.controller';
import { ActivateTemplateVersionHandler } from './application/commands/activate-template-version/activate-template-version.handler';
import { AddTemplateVersionHandler } from './application/commands/add-template-version/add-template-version.handler';
import { FinalizeDocumentHandler } from './application/commands/finalize-document/finalize-document.handler';
import { GenerateDocumentHandler } from './application/commands/generate-document/generate-document.handler';
import { IssueDestructionActHandler } from './application/commands/issue-destruction-act/issue-destruction-act.handler';
import { RenderPersonalDataReportHandler } from './application/queries/render-personal-data-report/render-personal-data-report.handler';
import { UpdateAgencySettingsHandler } from './application/commands/update-agency-settings/update-agency-settings.handler';
import { RegenerateDocumentsSubscriber } from './application/events/regenerate-documents.subscriber';
import {
  AGENCY_SETTINGS_STORE,
  DOCUMENT_STORE,
  TEMPLATE_STORE,
} from './application/ports/document-stores.port';
import { ORDER_DOCUMENT_SOURCE } from './application/ports/order-document-source.port';
import { ORDER_WARNINGS } from './application/ports/order-warnings.port';
import { CrossBorderGate } from './application/services/cross-border-gate';
import { QueryBusOrderWarnings } from './infrastructure/orders/query-bus-order-warnings';
import { REGENERATION_QUEUE } from './application/ports/regeneration-queue.port';
import { PDF_RENDERER } from './application/ports/pdf-renderer.port';
import { GetAgencySettingsHandler } from './application/queries/get-agency-settings/get-agency-settings.handler';
import { GetDocumentDownloadHandler } from './application/queries/get-document-download/get-document-download.handler';
import { GetDocumentHandler } from './application/queries/get-document/get-document.handler';
import { GetTemplateVersionHandler } from './application/queries/get-template-version/get-template-version.handler';
import { ListDocumentVersionsHandler } from './application/queries/list-document-versions/list-document-versions.handler';
import { ListOrderDocumentsHandler } from './application/queries/list-order-documents/list-order-documents.handler';
import { ListTemplateVersionsHandler } from './application/queries/list-template-versions/list-template-versions.handler';
import { ListTemplatesHandler } from './application/queries/list-templates/list-templates.handler';
import { RenderAgentReportHandler } from './application/queries/render-agent-report/render-agent-report.handler';
import { RenderTemplatePreviewHandler } from './application/queries/render-template-preview/render-template-preview.handler';
import { DefaultTemplatesSeeder } from './application/services/default-templates.seeder';
import { DocumentGenerator } from './application/services/document-generator';
import { DocumentRegenerationWorker } from './application/services/document-regeneration.worker';
import { TemplateAssets } from './application/services/template-assets';
import { TemplateValidator } from './application/services/template-validator';
import { FinancePortsModule } from './infrastructure/finance/finance-ports.adapters';
import { QueryBusOrderDocumentSource } from './infrastructure/orders/query-bus-order-document-source';
import { PdfmakeWorkerPoolRenderer } from './infrastructure/pdf/pdfmake-worker-pool.renderer';
import {
  SqlAgencySettingsStore,
  SqlDocumentStore,
  SqlTemplateStore,
} from './infrastructure/persistence/sql-document-stores';
import { SqlRegenerationQueue } from './infrastructure/persistence/sql-regeneration-queue';

@Module({
  imports: [FinancePortsModule],
  controllers: [TemplatesController, AgencySettingsController, DocumentsController],
  providers: [
    { provide: PDF_RENDERER, useClass: PdfmakeWorkerPoolRenderer },
    { provide: TEMPLATE_STORE, useClass: SqlTemplateStore },
    { provide: AGENCY_SETTINGS_STORE, useClass: SqlAgencySettingsStore },
    { provide: DOCUMENT_STORE, useClass: SqlDocumentStore },
    { provide: ORDER_DOCUMENT_SOURCE, useClass: QueryBusOrderDocumentSource },
    { provide: ORDER_WARNINGS, useClass: QueryBusOrderWarnings },
    CrossBorderGate,
    { provide: REGENERATION_QUEUE, useClass: SqlRegenerationQueue },
    TemplateAssets,
    TemplateValidator,
    DocumentGenerator,
    DefaultTemplatesSeeder,
    AddTemplateVersionHandler,
    ActivateTemplateVersionHandler,
    UpdateAgencySettingsHandler,
    GenerateDocumentHandler,
    FinalizeDocumentHandler,
    ListTemplatesHandler,
    ListTemplateVersionsHandler,
    GetTemplateVersionHandler,
    GetAgencySettingsHandler,
    ListOrderDocumentsHandler,
    GetDocumentHandler,
    ListDocumentVersionsHandler,
    GetDocumentDownloadHandler,
    RenderAgentReportHandler,
    RenderTemplatePreviewHandler,
    IssueDestructionActHandler,
    RenderPersonalDataReportHandler,
    RegenerateDocumentsSubscriber,
    DocumentRegenerationWorker,
  ],
})
export class DocumentsModule {}
