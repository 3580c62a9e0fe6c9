import { Query } from '@nestjs/cqrs';
import type { TemplateType } from '../../../domain/document-data';
import type { TemplateVersionDetailView } from '../../documents.views';

/** One template version with its content; null when absent. */
export class GetTemplateVersionQuery extends Query<TemplateVersionDetailView | null> {
  constructor(
    readonly type: TemplateType,
    readonly version: number,
  ) {
    super();
  }
}
