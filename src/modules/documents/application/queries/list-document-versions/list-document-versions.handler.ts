import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { documentVersionView } from '../../documents.views';
import { DOCUMENT_STORE, type DocumentStore } from '../../ports/document-stores.port';
import { ListDocumentVersionsQuery } from './list-document-versions.query';

@QueryHandler(ListDocumentVersionsQuery)
export class ListDocumentVersionsHandler implements IQueryHandler<ListDocumentVersionsQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ id }: ListDocumentVersionsQuery) {
    if (!(await this.documents.get(id))) return null;
    return (await this.documents.versions(id)).map(documentVersionView);
  }
}
