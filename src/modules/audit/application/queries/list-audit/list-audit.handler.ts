import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import { AUDIT_COLUMNS, type AuditEntryView } from '../audit-entry.view';
import { ListAuditQuery } from './list-audit.query';

@QueryHandler(ListAuditQuery)
export class ListAuditHandler implements IQueryHandler<ListAuditQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ filter, window }: ListAuditQuery): Promise<Page<AuditEntryView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.userId) add('user_id = ?', filter.userId);
    if (filter.entity) add('entity = ?', filter.entity);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.from) add('ts >= ?', filter.from);
    if (filter.to) add('ts < ?', filter.to);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.sort === 'seq' ? 'seq ASC' : 'seq DESC';
    const [{ n }] = await this.uow.rows<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log ${whereSql}`,
      params,
    );
    const items = await this.uow.rows<AuditEntryView>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${whereSql} ORDER BY ${order}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, window.limit, window.offset],
    );
    return pageOf(items, Number(n), window);
  }
}
