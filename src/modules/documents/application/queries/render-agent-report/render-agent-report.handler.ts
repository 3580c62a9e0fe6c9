import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { agentReportFileName, buildAgentReportData } from '../../../domain/agent-report-data';
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
import { type RenderedAgentReport, RenderAgentReportQuery } from './render-agent-report.query';

@QueryHandler(RenderAgentReportQuery)
export class RenderAgentReportHandler implements IQueryHandler<RenderAgentReportQuery> {
  constructor(
    @Inject(AGENCY_SETTINGS_STORE) private readonly settings: AgencySettingsStore,
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    private readonly assets: TemplateAssets,
  ) {}

  async execute({ report }: RenderAgentReportQuery): Promise<RenderedAgentReport> {
    const agency = await this.settings.get();
    if (!agency) throw new AgencySettingsMissingError();
    const template = await this.templates.active('agent_report');
    if (!template) throw new NotFoundError('template', 'agent_report');
    const data = buildAgentReportData(report, agency.details);
    const definition = await this.assets.inline(renderTemplate(template.content, data), template.assets);
    const pdf = await this.renderer.render({
      definition,
      createdAt: data.document.issuedAt,
      title: `${data.document.title} № ${data.document.number}`,
    });
    return {
      pdf,
      fileName: agentReportFileName(data),
      number: data.document.number,
      templateVersion: template.version,
    };
  }
}
