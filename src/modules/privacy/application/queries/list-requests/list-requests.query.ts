import { Query } from '@nestjs/cqrs';
import type { RequestView } from '../../ports/privacy-store.port';

/** Subject requests by due date; `overdue: true` lists the open ones past their due date. */
export class ListRequestsQuery extends Query<RequestView[]> {
  constructor(readonly filter: { overdue?: boolean; status?: string; clientId?: string }) {
    super();
  }
}
