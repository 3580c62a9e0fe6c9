import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import type { ApplicationSource, ApplicationStatus } from '../../../domain/application';
import { maskContact } from '../../../domain/contact';
import { type ApplicationListItemView, LIST_TEXT_LENGTH } from '../../application.view';
import { ApplicationPiiCodec } from '../../services/application-pii.codec';
import { ListApplicationsQuery } from './list-applications.query';

interface Row {
  id: string;
  number: string;
  source: ApplicationSource;
  status: ApplicationStatus;
  text: string | null;
  pii: string;
  attachmentCount: number;
  clientId: string | null;
  assigneeId: string | null;
  orderId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  total: string;
}

@QueryHandler(ListApplicationsQuery)
export class ListApplicationsHandler implements IQueryHandler<ListApplicationsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ApplicationPiiCodec,
  ) {}

  async execute({ filter, window }: ListApplicationsQuery): Promise<Page<ApplicationListItemView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.status !== undefined) where.push(`a.status = ${p(filter.status)}`);
    if (filter.source !== undefined) where.push(`a.source = ${p(filter.source)}`);
    if (filter.assigneeId !== undefined) where.push(`a.assignee_id = ${p(filter.assigneeId)}::uuid`);
    if (filter.clientId !== undefined) where.push(`a.client_id = ${p(filter.clientId)}::uuid`);
    if (filter.number !== undefined)
      where.push(`a.number = ${p(filter.number.trim().toUpperCase().replace(/^Z/, 'З'))}`);
    if (filter.from !== undefined) where.push(`a.created_at >= ${p(filter.from)}::timestamptz`);
    if (filter.to !== undefined) where.push(`a.created_at < ${p(filter.to)}::timestamptz`);
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.uow.rows<Row>(
      `SELECT a.id, a.number, a.source, a.status, left(a.text, ${LIST_TEXT_LENGTH}) AS text, a.pii,
              jsonb_array_length(a.attachments)::int AS "attachmentCount", a.client_id AS "clientId",
              a.assignee_id AS "assigneeId", a.order_id AS "orderId",
              ${isoUtc('a.created_at')} AS "createdAt", ${isoUtc('a.updated_at')} AS "updatedAt", a.version,
              count(*) OVER () AS total
         FROM applications a
         ${whereSql}
        ORDER BY a.created_at DESC, a.id DESC
        LIMIT ${p(window.limit)} OFFSET ${p(window.offset)}`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && window.offset > 0) {
      const [r] = await this.uow.rows<{ n: string }>(
        `SELECT count(*) AS n FROM applications a ${whereSql}`,
        params.slice(0, -2),
      );
      total = Number(r.n);
    }
    return pageOf(
      rows.map(({ pii, total: _t, ...r }) => ({
        ...r,
        contact: maskContact(this.codec.open(r.id, pii).contact, { keepName: true }),
      })),
      total,
      window,
    );
  }
}
