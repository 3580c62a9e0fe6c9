import { Query } from '@nestjs/cqrs';
import type { TemplateType } from '../../../domain/document-data';

export interface RenderedTemplatePreview {
  pdf: Buffer;
  /** `invoice-v3-preview.pdf` */
  fileName: string;
}

/**
 * One stored template version (active or not) rendered against the sample data it was validated
 * with (`sampleTemplateData`, the agency `SAMPLE_AGENCY`): what a document made from it looks
 * like before it is activated. Nothing is stored; 404 when the version does not exist.
 */
export class RenderTemplatePreviewQuery extends Query<RenderedTemplatePreview> {
  constructor(
    readonly type: TemplateType,
    readonly version: number,
  ) {
    super();
  }
}
