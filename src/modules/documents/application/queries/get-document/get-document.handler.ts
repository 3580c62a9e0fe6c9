import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { documentView } from '../../documents.views';
import { DOCUMENT_STORE, type DocumentStore } from '../../ports/document-stores.port';
import { GetDocumentQuery } from './get-document.query';

@QueryHandler(GetDocumentQuery)
export class GetDocumentHandler implements IQueryHandler<GetDocumentQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ id }: GetDocumentQuery) {
    const d = await this.documents.get(id);
    return d ? documentView(d, await this.documents.version(d.id, d.currentVersion)) : null;
  }
}
