import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { documentView } from '../../documents.views';
import { DOCUMENT_STORE, type DocumentStore } from '../../ports/document-stores.port';
import { ListOrderDocumentsQuery } from './list-order-documents.query';

@QueryHandler(ListOrderDocumentsQuery)
export class ListOrderDocumentsHandler implements IQueryHandler<ListOrderDocumentsQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ orderId }: ListOrderDocumentsQuery) {
    const docs = await this.documents.findByOrder(orderId);
    return Promise.all(
      docs.map(async (d) => documentView(d, await this.documents.version(d.id, d.currentVersion))),
    );
  }
}
