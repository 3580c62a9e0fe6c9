import { Query } from '@nestjs/cqrs';
import type { DocumentView } from '../../documents.views';

/** The documents of an order (each with its current version). */
export class ListOrderDocumentsQuery extends Query<DocumentView[]> {
  constructor(readonly orderId: string) {
    super();
  }
}
