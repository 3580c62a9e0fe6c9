import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import Decimal from 'decimal.js';
import { ListSupplierServicesQuery } from '../../../../orders/application/queries/list-supplier-services/list-supplier-services.query';
import { money } from '../../../../../shared/domain/money';
import { type AgentReport, AgentReportQuery, type AgentReportRow } from './agent-report.query';

/** The first instant of a month and of the next one, Moscow time (UTC+3). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: new Date(`${month}-01T00:00:00+03:00`).toISOString(),
    to: new Date(`${next}-01T00:00:00+03:00`).toISOString(),
  };
}

@QueryHandler(AgentReportQuery)
export class AgentReportHandler implements IQueryHandler<AgentReportQuery> {
  constructor(private readonly queries: QueryBus) {}

  async execute({ supplier, month }: AgentReportQuery): Promise<AgentReport> {
    const { from, to } = monthRange(month);
    const services = await this.queries.execute(new ListSupplierServicesQuery(supplier, from, to));
    const items: AgentReportRow[] = services.map((s) => ({
      serviceId: s.serviceId,
      orderId: s.orderId,
      orderNumber: s.orderNumber,
      type: s.type,
      startAt: s.startAt,
      bookingRef: s.bookingRef,
      currency: s.orderCurrency,
      gross: s.amount,
      commission: s.commissionAmount,
      net: money(new Decimal(s.amount).minus(s.commissionAmount)),
    }));
    const by = new Map<string, { services: number; gross: Decimal; commission: Decimal; net: Decimal }>();
    for (const r of items) {
      const t = by.get(r.currency) ?? {
        services: 0,
        gross: new Decimal(0),
        commission: new Decimal(0),
        net: new Decimal(0),
      };
      by.set(r.currency, {
        services: t.services + 1,
        gross: t.gross.plus(r.gross),
        commission: t.commission.plus(r.commission),
        net: t.net.plus(r.net),
      });
    }
    const totals = [...by.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        services: t.services,
        gross: money(t.gross),
        commission: money(t.commission),
        net: money(t.net),
      }));
    return { supplier, month, items, totals };
  }
}
