import { Query } from '@nestjs/cqrs';
import type { ConsentTextView } from '../../ports/privacy-store.port';

/** Contract for the intake channels: the consent text (and its version) to show now for a purpose. */
export class GetActiveConsentTextQuery extends Query<ConsentTextView | null> {
  constructor(readonly purpose: string = 'intake') {
    super();
  }
}
