import { Query } from '@nestjs/cqrs';
import type { ConsentView } from '../../ports/privacy-store.port';

/** Consents of the register, newest first; of one client (their card's, their applications') when given. */
export class ListConsentsQuery extends Query<ConsentView[]> {
  constructor(readonly filter: { clientId?: string }) {
    super();
  }
}
