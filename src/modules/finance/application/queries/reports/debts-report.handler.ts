import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ClientNames } from '../../services/client-names';
import { StaffNames } from '../../services/staff-names';
import {
  type ClientDebtRow,
  type DebtTotals,
  DebtsReportQuery,
  type SupplierDebtRow,
} from './debts-report.query';
import { limitClause, orderConditions, type ReportPage } from './report-filters';
import { pageOrAll } from './report-page';

@QueryHandler(DebtsReportQuery)
export class DebtsReportHandler implements IQueryHandler<DebtsReportQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: ClientNames,
    private readonly staff: StaffNames,
  ) {}

  async execute(q: DebtsReportQuery): Promise<ReportPage<ClientDebtRow | SupplierDebtRow, DebtTotals>> {
    const params: unknown[] = [];
    const where = orderConditions(q.filters, params);
    // the same predicates as the partial indexes finance_orders_debts / finance_orders_payables
    const amount = q.side === 'clients' ? 'o.due' : 'o.supplier_due';
    if (q.side === 'clients') where.push(`o.status <> 'cancelled'`, 'o.due > 0');
    else where.push('o.supplier_due > 0');
    const clause = `WHERE ${where.join(' AND ')}`;
    // totals: the trigger-kept per side / currency / manager rows unless order-level filters apply
    const f = q.filters;
    const totals =
      f.from || f.to || f.clientId || f.status
        ? await this.uow.rows<DebtTotals>(
            `SELECT trim(o.currency) AS currency, count(*)::int AS orders, sum(${amount})::numeric(18,2)::text AS due
               FROM finance_orders o ${clause} GROUP BY o.currency ORDER BY o.currency`,
            params,
          )
        : await this.uow.rows<DebtTotals>(
            `SELECT trim(currency) AS currency, sum(orders)::int AS orders, sum(due)::numeric(18,2)::text AS due
               FROM finance_debt_totals
              WHERE side = $1 AND ($2::uuid IS NULL OR manager_id = $2) AND ($3::text IS NULL OR currency = $3)
              GROUP BY currency HAVING sum(orders) > 0 ORDER BY currency`,
            [q.side, f.managerId ?? null, f.currency?.toUpperCase() ?? null],
          );
    const total = totals.reduce((n, t) => n + t.orders, 0);
    const order = `ORDER BY ${amount} DESC, o.order_id ${limitClause(q.window)}`;
    if (q.side === 'suppliers') {
      const rows = await this.uow.rows<Omit<SupplierDebtRow, 'managerName'>>(
        `SELECT o.order_id AS "orderId", o.number, o.status, o.manager_id AS "managerId", trim(o.currency) AS currency,
                o.supplier_cost::text AS "supplierCost",
                (o.supplier_paid - o.supplier_refunded)::numeric(18,2)::text AS "paidToSuppliers",
                o.supplier_due::text AS due
           FROM finance_orders o ${clause} ${order}`,
        params,
      );
      return pageOrAll(await this.staff.withManagerNames(rows), total, totals, q.window);
    }
    params.push(q.asOf);
    const rows = await this.uow.rows<
      Omit<ClientDebtRow, 'clientName' | 'deadline' | 'managerName'> & { deadline: Date | null }
    >(
      `SELECT o.order_id AS "orderId", o.number, o.status, o.client_id AS "clientId", o.manager_id AS "managerId",
              o.deadline,
              CASE WHEN o.deadline IS NULL THEN 0
                   ELSE greatest($${params.length}::date - (o.deadline AT TIME ZONE 'Europe/Moscow')::date, 0) END
                AS "daysOverdue",
              trim(o.currency) AS currency, o.total_amount::text AS "totalAmount",
              (o.paid - o.refunded)::numeric(18,2)::text AS paid, o.due::text AS due
         FROM finance_orders o ${clause} ${order}`,
      params,
    );
    const names = await this.names.of(rows.map((r) => r.clientId));
    const items = rows.map((r) => ({
      ...r,
      deadline: r.deadline?.toISOString() ?? null,
      clientName: names.get(r.clientId) ?? null,
    }));
    return pageOrAll(await this.staff.withManagerNames(items), total, totals, q.window);
  }
}
