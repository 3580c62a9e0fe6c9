import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { templateVersionView } from '../../documents.views';
import { TEMPLATE_STORE, type TemplateStore } from '../../ports/document-stores.port';
import { ListTemplateVersionsQuery } from './list-template-versions.query';

@QueryHandler(ListTemplateVersionsQuery)
export class ListTemplateVersionsHandler implements IQueryHandler<ListTemplateVersionsQuery> {
  constructor(@Inject(TEMPLATE_STORE) private readonly templates: TemplateStore) {}

  async execute({ type }: ListTemplateVersionsQuery) {
    return (await this.templates.list(type)).map(templateVersionView);
  }
}
