import { Query } from '@nestjs/cqrs';
import type { ApplicationView } from '../../application.view';

/** One application with its contact and raw payload in full; null when unknown. */
export class GetApplicationQuery extends Query<ApplicationView | null> {
  constructor(readonly id: string) {
    super();
  }
}
