import { Query } from '@nestjs/cqrs';

/**
 * Contract for retention (privacy): applications never converted into an order, created before
 * `before`, whose personal data is not erased yet — oldest first, with their attachment counts.
 */
export class ListUnconvertedApplicationsQuery extends Query<Array<{ id: string; attachments: number }>> {
  constructor(
    readonly before: Date,
    readonly limit: number,
    readonly afterId: string | null = null,
  ) {
    super();
  }
}
