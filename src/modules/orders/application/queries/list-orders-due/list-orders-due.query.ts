import { Query } from '@nestjs/cqrs';

export interface OrderDueView {
  id: string;
  number: string;
  managerId: string | null;
  /** ISO 8601 (UTC). */
  deadline: string;
}

/** Open (not completed or cancelled) live orders whose payment deadline falls in [from, to). */
export class ListOrdersDueQuery extends Query<OrderDueView[]> {
  constructor(
    readonly from: Date,
    readonly to: Date,
  ) {
    super();
  }
}
