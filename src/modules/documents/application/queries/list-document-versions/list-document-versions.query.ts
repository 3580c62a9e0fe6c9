import { Query } from '@nestjs/cqrs';
import type { DocumentVersionView } from '../../documents.views';

/** Every rendered version of a document, newest first; null when the document is absent. */
export class ListDocumentVersionsQuery extends Query<DocumentVersionView[] | null> {
  constructor(readonly id: string) {
    super();
  }
}
