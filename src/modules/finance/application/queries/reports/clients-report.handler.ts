import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ClientNames } from '../../services/client-names';
import { ClientsReportQuery, type ClientsReportRow, type ClientsReportTotals } from './clients-report.query';
import { limitClause, orderConditions, type ReportFilters, type ReportPage } from './report-filters';
import { pageOrAll } from './report-page';

function clientTotalsFilter(f: ReportFilters, params: unknown[]): string {
  params.length = 0;
  let sql = '';
  if (f.clientId) {
    params.push(f.clientId);
    sql += ` AND t.client_id = $${params.length}`;
  }
  if (f.currency) {
    params.push(f.currency.toUpperCase());
    sql += ` AND t.currency = $${params.length}`;
  }
  return sql;
}

const SORT = { turnover: 'turnover', debt: 'debt', paid: 'paid', orders: 'orders' } as const;

@QueryHandler(ClientsReportQuery)
export class ClientsReportHandler implements IQueryHandler<ClientsReportQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: ClientNames,
  ) {}

  async execute({
    filters,
    window,
    sort,
  }: ClientsReportQuery): Promise<ReportPage<ClientsReportRow, ClientsReportTotals>> {
    const params: unknown[] = [];
    const where = orderConditions(filters, params);
    where.push(`o.status <> 'cancelled'`);
    // without order-level filters the trigger-kept per-client totals answer; otherwise group the orders
    const byOrder = Boolean(filters.from || filters.to || filters.managerId || filters.status);
    const grouped = byOrder
      ? `SELECT o.client_id, o.currency, count(*)::int AS orders, sum(o.total_amount) AS turnover,
                sum(o.paid - o.refunded) AS paid, sum(greatest(o.due, 0)) AS debt
           FROM finance_orders o WHERE ${where.join(' AND ')} GROUP BY o.client_id, o.currency`
      : `SELECT t.client_id, t.currency, t.orders, t.turnover, t.paid, t.debt
           FROM finance_client_totals t
          WHERE t.orders > 0${clientTotalsFilter(filters, params)}`;
    const totals = await this.uow.rows<ClientsReportTotals>(
      `SELECT trim(g.currency) AS currency, count(*)::int AS clients, sum(g.orders)::int AS orders,
              sum(g.turnover)::numeric(18,2)::text AS turnover, sum(g.paid)::numeric(18,2)::text AS paid,
              sum(g.debt)::numeric(18,2)::text AS debt
         FROM (${grouped}) g GROUP BY g.currency ORDER BY g.currency`,
      params,
    );
    const rows = await this.uow.rows<Omit<ClientsReportRow, 'clientName'>>(
      `SELECT g.client_id AS "clientId", trim(g.currency) AS currency, g.orders,
              g.turnover::numeric(18,2)::text AS turnover, g.paid::numeric(18,2)::text AS paid,
              g.debt::numeric(18,2)::text AS debt
         FROM (${grouped}) g ORDER BY g.${SORT[sort]} DESC, g.client_id, g.currency ${limitClause(window)}`,
      params,
    );
    const names = await this.names.of(rows.map((r) => r.clientId));
    const items = rows.map((r) => ({ ...r, clientName: names.get(r.clientId) ?? null }));
    return pageOrAll(
      items,
      totals.reduce((n, t) => n + t.clients, 0),
      totals,
      window,
    );
  }
}
