import { Query } from '@nestjs/cqrs';
import type { TemplateType } from '../../../domain/document-data';
import type { TemplateVersionView } from '../../documents.views';

/** Every stored version of a type's template, newest first. */
export class ListTemplateVersionsQuery extends Query<TemplateVersionView[]> {
  constructor(readonly type: TemplateType) {
    super();
  }
}
