import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ListUnconvertedApplicationsQuery } from './list-unconverted-applications.query';

@QueryHandler(ListUnconvertedApplicationsQuery)
export class ListUnconvertedApplicationsHandler implements IQueryHandler<ListUnconvertedApplicationsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  execute({
    before,
    limit,
    afterId,
  }: ListUnconvertedApplicationsQuery): Promise<Array<{ id: string; attachments: number }>> {
    return this.uow.rows(
      `SELECT id, jsonb_array_length(attachments) AS attachments FROM applications
        WHERE status <> 'converted' AND erased_at IS NULL AND created_at < $1 AND ($3::uuid IS NULL OR id > $3)
        ORDER BY id LIMIT $2`,
      [before, limit, afterId],
    );
  }
}
