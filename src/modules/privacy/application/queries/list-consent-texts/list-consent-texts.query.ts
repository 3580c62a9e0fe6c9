import { Query } from '@nestjs/cqrs';
import type { ConsentTextView } from '../../ports/privacy-store.port';

/** Every version of the consent texts, newest first per purpose. */
export class ListConsentTextsQuery extends Query<ConsentTextView[]> {
  constructor(readonly purpose?: string) {
    super();
  }
}
