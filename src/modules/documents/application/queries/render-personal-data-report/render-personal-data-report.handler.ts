import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import {
  buildPersonalDataReportData,
  PERSONAL_DATA_REPORT_TITLE,
} from '../../../domain/privacy-document-data';
import { renderTemplate } from '../../../domain/template-engine';
import {
  AGENCY_SETTINGS_STORE,
  type AgencySettingsStore,
  TEMPLATE_STORE,
  type TemplateStore,
} from '../../ports/document-stores.port';
import { PDF_RENDERER, type PdfRenderer } from '../../ports/pdf-renderer.port';
import { AgencySettingsMissingError } from '../../services/document-generator';
import { TemplateAssets } from '../../services/template-assets';
import { RenderPersonalDataReportQuery } from './render-personal-data-report.query';

@QueryHandler(RenderPersonalDataReportQuery)
export class RenderPersonalDataReportHandler implements IQueryHandler<RenderPersonalDataReportQuery> {
  constructor(
    @Inject(AGENCY_SETTINGS_STORE) private readonly settings: AgencySettingsStore,
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    private readonly assets: TemplateAssets,
  ) {}

  async execute({
    report,
  }: RenderPersonalDataReportQuery): Promise<{ pdf: Buffer; templateVersion: number }> {
    const agency = await this.settings.get();
    if (!agency) throw new AgencySettingsMissingError();
    const template = await this.templates.active('personal_data_report');
    if (!template) throw new NotFoundError('template', 'personal_data_report');
    const data = buildPersonalDataReportData(report, agency.details);
    const definition = await this.assets.inline(renderTemplate(template.content, data), template.assets);
    const pdf = await this.renderer.render({
      definition,
      createdAt: report.generatedAt,
      title: `${PERSONAL_DATA_REPORT_TITLE} ${report.reference}`,
    });
    return { pdf, templateVersion: template.version };
  }
}
