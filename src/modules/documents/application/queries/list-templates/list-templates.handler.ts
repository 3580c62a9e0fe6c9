import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { templateVersionView } from '../../documents.views';
import { TEMPLATE_STORE, type TemplateStore } from '../../ports/document-stores.port';
import { ListTemplatesQuery } from './list-templates.query';

@QueryHandler(ListTemplatesQuery)
export class ListTemplatesHandler implements IQueryHandler<ListTemplatesQuery> {
  constructor(@Inject(TEMPLATE_STORE) private readonly templates: TemplateStore) {}

  async execute() {
    return (await this.templates.listActive()).map(templateVersionView);
  }
}
