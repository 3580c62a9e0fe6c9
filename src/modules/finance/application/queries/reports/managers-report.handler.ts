import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { StaffNames } from '../../services/staff-names';
import {
  ManagersReportQuery,
  type ManagersReportRow,
  type ManagersReportTotals,
} from './managers-report.query';
import { limitClause, orderConditions, type ReportPage } from './report-filters';
import { pageOrAll } from './report-page';

@QueryHandler(ManagersReportQuery)
export class ManagersReportHandler implements IQueryHandler<ManagersReportQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly staff: StaffNames,
  ) {}

  async execute({
    filters,
    window,
  }: ManagersReportQuery): Promise<ReportPage<ManagersReportRow, ManagersReportTotals>> {
    const params: unknown[] = [];
    const where = orderConditions(filters, params);
    where.push(`o.status <> 'cancelled'`);
    const grouped = `SELECT o.manager_id, o.currency, count(*)::int AS orders, sum(o.total_amount) AS turnover,
                            sum(o.commission) AS commission, sum(o.paid - o.refunded) AS paid,
                            sum(greatest(o.due, 0)) AS debt
                       FROM finance_orders o WHERE ${where.join(' AND ')} GROUP BY o.manager_id, o.currency`;
    const money = (c: string) => `sum(g.${c})::numeric(18,2)::text AS ${c}`;
    const totals = await this.uow.rows<ManagersReportTotals & { managers: number }>(
      `SELECT trim(g.currency) AS currency, count(*)::int AS managers, sum(g.orders)::int AS orders,
              ${['turnover', 'commission', 'paid', 'debt'].map(money).join(', ')}
         FROM (${grouped}) g GROUP BY g.currency ORDER BY g.currency`,
      params,
    );
    const rows = await this.uow.rows<Omit<ManagersReportRow, 'managerName'>>(
      `SELECT g.manager_id AS "managerId", trim(g.currency) AS currency, g.orders,
              g.turnover::numeric(18,2)::text AS turnover, g.commission::numeric(18,2)::text AS commission,
              g.paid::numeric(18,2)::text AS paid, g.debt::numeric(18,2)::text AS debt
         FROM (${grouped}) g ORDER BY g.turnover DESC, g.manager_id NULLS LAST, g.currency ${limitClause(window)}`,
      params,
    );
    const count = totals.reduce((n, t) => n + t.managers, 0);
    return pageOrAll(
      await this.staff.withManagerNames(rows),
      count,
      totals.map(({ managers: _m, ...t }) => t),
      window,
    );
  }
}
