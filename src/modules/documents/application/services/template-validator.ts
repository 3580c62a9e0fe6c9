import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../../../shared/domain/domain-error';
import type { TemplateType } from '../../domain/document-data';
import { sampleTemplateData } from '../../domain/sample-document-data';
import { renderTemplate, templateProblems } from '../../domain/template-engine';
import { PDF_RENDERER, type PdfRenderer } from '../ports/pdf-renderer.port';
import type { TemplateAsset } from '../ports/document-stores.port';
import { TemplateAssets } from './template-assets';

/** 422 `TEMPLATES.INVALID` with every problem found, as `errors[{field: 'content', message}]`. */
export class TemplateInvalidError extends DomainError {
  constructor(problems: string[]) {
    super(
      'TEMPLATES.INVALID',
      `The template is not valid: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      { problems },
      problems.map((message) => ({ field: 'content', message })),
    );
  }
}

/**
 * A template is accepted only when it parses as a document definition, every placeholder is a
 * field of the data model, and a trial render against sample data succeeds.
 */
@Injectable()
export class TemplateValidator {
  constructor(
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    private readonly assets: TemplateAssets,
  ) {}

  async validate(
    type: TemplateType,
    content: Record<string, unknown>,
    assets: Record<string, TemplateAsset>,
    loaded: Record<string, Buffer>,
  ): Promise<void> {
    const sample = sampleTemplateData(type);
    const problems = templateProblems(content, sample);
    for (const ref of TemplateAssets.references(content)) {
      if (!assets[ref]) problems.push(`images: unknown asset "${ref}" (upload it in "assets")`);
    }
    if (problems.length > 0) throw new TemplateInvalidError(problems);
    try {
      const definition = await this.assets.inline(renderTemplate(content, sample), assets, loaded);
      await this.renderer.render({
        definition,
        createdAt: sample.document.issuedAt,
        title: sample.document.title,
      });
    } catch (e) {
      throw new TemplateInvalidError([`trial render failed: ${e instanceof Error ? e.message : String(e)}`]);
    }
  }
}
