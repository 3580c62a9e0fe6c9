import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ClientNames } from '../../services/client-names';
import { StaffNames } from '../../services/staff-names';
import { pageOrAll } from './report-page';
import { limitClause, orderConditions, type ReportPage } from './report-filters';
import { OrdersReportQuery, type OrdersReportRow, type OrdersReportTotals } from './orders-report.query';

const M = (expr: string) => `(${expr})::numeric(18,2)::text`;
const NET = 'o.paid - o.refunded';
const TO_SUPPLIERS = 'o.supplier_paid - o.supplier_refunded';

@QueryHandler(OrdersReportQuery)
export class OrdersReportHandler implements IQueryHandler<OrdersReportQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: ClientNames,
    private readonly staff: StaffNames,
  ) {}

  async execute({
    filters,
    window,
  }: OrdersReportQuery): Promise<ReportPage<OrdersReportRow, OrdersReportTotals>> {
    const params: unknown[] = [];
    const where = `WHERE ${orderConditions(filters, params).join(' AND ')}`;
    const totals = await this.uow.rows<OrdersReportTotals>(
      `SELECT trim(o.currency) AS currency, count(*)::int AS orders,
              ${M('sum(o.total_amount)')} AS "totalAmount", ${M('sum(o.commission)')} AS commission,
              ${M('sum(o.supplier_cost)')} AS "supplierCost", ${M('sum(o.total_amount - o.supplier_cost)')} AS margin,
              ${M(`sum(${NET})`)} AS paid, ${M(`sum(greatest(o.total_amount - (${NET}), 0))`)} AS due,
              ${M(`sum(greatest((${NET}) - o.total_amount, 0))`)} AS overpayment,
              ${M(`sum(${TO_SUPPLIERS})`)} AS "paidToSuppliers"
         FROM finance_orders o ${where} GROUP BY o.currency ORDER BY o.currency`,
      params,
    );
    const rows = await this.uow.rows<
      Omit<OrdersReportRow, 'clientName' | 'managerName'> & { createdAt: Date; deadline: Date | null }
    >(
      `SELECT o.order_id AS "orderId", o.number, o.status, o.order_created_at AS "createdAt", o.deadline,
              o.client_id AS "clientId", o.manager_id AS "managerId", trim(o.currency) AS currency,
              o.total_amount::text AS "totalAmount", o.commission::text AS commission,
              o.supplier_cost::text AS "supplierCost", ${M('o.total_amount - o.supplier_cost')} AS margin,
              ${M(NET)} AS paid, ${M(`greatest(o.total_amount - (${NET}), 0)`)} AS due,
              ${M(`greatest((${NET}) - o.total_amount, 0)`)} AS overpayment,
              ${M(TO_SUPPLIERS)} AS "paidToSuppliers"
         FROM finance_orders o ${where}
        ORDER BY o.order_created_at DESC, o.order_id DESC ${limitClause(window)}`,
      params,
    );
    const names = await this.names.of(rows.map((r) => r.clientId));
    const items = rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      deadline: r.deadline?.toISOString() ?? null,
      clientName: names.get(r.clientId) ?? null,
    }));
    return pageOrAll(
      await this.staff.withManagerNames(items),
      totals.reduce((n, t) => n + t.orders, 0),
      totals,
      window,
    );
  }
}
