import { Query } from '@nestjs/cqrs';
import type { TemplateVersionView } from '../../documents.views';

/** The active template version of every document type. */
export class ListTemplatesQuery extends Query<TemplateVersionView[]> {}
