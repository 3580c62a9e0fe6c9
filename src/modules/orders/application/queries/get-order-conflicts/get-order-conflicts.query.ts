import { Query } from '@nestjs/cqrs';
import type { Conflict } from '../../../domain/conflicts.policy';

/**
 * The itinerary conflicts stored with the order at its last service change, plus the privacy
 * warnings about its suppliers abroad (asked for now); null when absent.
 */
export class GetOrderConflictsQuery extends Query<Conflict[] | null> {
  constructor(readonly orderId: string) {
    super();
  }
}
