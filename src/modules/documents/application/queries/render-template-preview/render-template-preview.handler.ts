import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { sampleTemplateData } from '../../../domain/sample-document-data';
import { renderTemplate } from '../../../domain/template-engine';
import { TEMPLATE_STORE, type TemplateStore } from '../../ports/document-stores.port';
import { PDF_RENDERER, type PdfRenderer } from '../../ports/pdf-renderer.port';
import { TemplateAssets } from '../../services/template-assets';
import { type RenderedTemplatePreview, RenderTemplatePreviewQuery } from './render-template-preview.query';

@QueryHandler(RenderTemplatePreviewQuery)
export class RenderTemplatePreviewHandler implements IQueryHandler<RenderTemplatePreviewQuery> {
  constructor(
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    private readonly assets: TemplateAssets,
  ) {}

  async execute({ type, version }: RenderTemplatePreviewQuery): Promise<RenderedTemplatePreview> {
    const template = await this.templates.get(type, version);
    if (!template) throw new NotFoundError('template version', `${type}/${version}`);
    const sample = sampleTemplateData(type);
    const definition = await this.assets.inline(renderTemplate(template.content, sample), template.assets);
    const pdf = await this.renderer.render({
      definition,
      createdAt: sample.document.issuedAt,
      title: `${sample.document.title} (образец, шаблон v${version})`,
    });
    return { pdf, fileName: `${type}-v${version}-preview.pdf` };
  }
}
