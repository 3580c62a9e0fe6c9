import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import { ListStaffQuery, type StaffMemberView } from './list-staff.query';

@QueryHandler(ListStaffQuery)
export class ListStaffHandler implements IQueryHandler<ListStaffQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ window, ids }: ListStaffQuery): Promise<Page<StaffMemberView>> {
    // by id: deleted colleagues too, so old entries still show who did them
    const where = ids ? 'id = ANY($3::uuid[])' : 'deleted_at IS NULL';
    const params: unknown[] = [window.limit, window.offset];
    if (ids) params.push(ids);
    const rows = await this.uow.rows<StaffMemberView & { total: string }>(
      `SELECT id, full_name AS "fullName", role, (active AND deleted_at IS NULL) AS active,
              count(*) OVER () AS total
         FROM users WHERE ${where}
        ORDER BY full_name, id LIMIT $1 OFFSET $2`,
      params,
    );
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    return pageOf(
      rows.map(({ total: _t, ...s }) => s),
      total,
      window,
    );
  }
}
