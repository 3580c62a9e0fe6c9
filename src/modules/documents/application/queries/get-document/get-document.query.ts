import { Query } from '@nestjs/cqrs';
import type { DocumentView } from '../../documents.views';

/** One document with its current version; null when absent. */
export class GetDocumentQuery extends Query<DocumentView | null> {
  constructor(readonly id: string) {
    super();
  }
}
