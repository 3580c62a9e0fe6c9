import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { templateVersionView } from '../../documents.views';
import { TEMPLATE_STORE, type TemplateStore } from '../../ports/document-stores.port';
import { GetTemplateVersionQuery } from './get-template-version.query';

@QueryHandler(GetTemplateVersionQuery)
export class GetTemplateVersionHandler implements IQueryHandler<GetTemplateVersionQuery> {
  constructor(@Inject(TEMPLATE_STORE) private readonly templates: TemplateStore) {}

  async execute({ type, version }: GetTemplateVersionQuery) {
    const r = await this.templates.get(type, version);
    return r ? { ...templateVersionView(r), content: r.content } : null;
  }
}
