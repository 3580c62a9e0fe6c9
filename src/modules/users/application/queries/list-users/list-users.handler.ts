import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf, sortClause } from '../../../../../shared/pagination/page';
import { USER_VIEW_COLUMNS, type UserView } from '../user.view';
import { ListUsersQuery } from './list-users.query';

const SORTABLE = { email: 'email', fullName: 'full_name', createdAt: 'created_at', role: 'role' };

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ filter, window }: ListUsersQuery): Promise<Page<UserView>> {
    const where = ['deleted_at IS NULL'];
    const params: unknown[] = [];
    if (filter.role) {
      params.push(filter.role);
      where.push(`role = $${params.length}`);
    }
    if (filter.active !== undefined) {
      params.push(filter.active);
      where.push(`active = $${params.length}`);
    }
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
      where.push(`(email ILIKE $${params.length} OR full_name ILIKE $${params.length})`);
    }
    const order = sortClause(filter.sort, SORTABLE, 'created_at');
    params.push(window.limit, window.offset);
    const rows = await this.uow.rows<UserView & { total: string }>(
      `SELECT ${USER_VIEW_COLUMNS}, count(*) OVER () AS total FROM users
        WHERE ${where.join(' AND ')} ORDER BY ${order}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(where, params.slice(0, -2));
    return pageOf(
      rows.map(({ total: _t, ...u }) => u),
      total,
      window,
    );
  }

  private async count(where: string[], params: unknown[]): Promise<number> {
    const [r] = await this.uow.rows<{ n: string }>(
      `SELECT count(*) AS n FROM users WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(r.n);
  }
}
