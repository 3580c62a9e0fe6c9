import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OrderFactsSync } from '../../services/order-facts';
import { GetOrderBalanceQuery, type OrderBalanceView } from './get-order-balance.query';

@QueryHandler(GetOrderBalanceQuery)
export class GetOrderBalanceHandler implements IQueryHandler<GetOrderBalanceQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: OrderFactsSync,
  ) {}

  async execute({ orderId }: GetOrderBalanceQuery): Promise<OrderBalanceView | null> {
    return this.uow.run(async () => {
      // fresh order figures (the same query the projection uses), then the sums in SQL from the entries
      const order = await this.facts.refresh(orderId);
      if (!order) return null;
      const [r] = await this.uow.rows<OrderBalanceView>(
        `WITH s AS (
           SELECT COALESCE(sum(amount_in_order_currency) FILTER (WHERE type = 'payment'), 0) AS paid,
                  COALESCE(sum(amount_in_order_currency) FILTER (WHERE type = 'refund'), 0) AS refunded,
                  COALESCE(sum(amount_in_order_currency) FILTER (WHERE type = 'supplier_payment'), 0)
                - COALESCE(sum(amount_in_order_currency) FILTER (WHERE type = 'supplier_refund'), 0) AS to_suppliers,
                  COALESCE(sum(fx_difference), 0) AS fx
             FROM payments WHERE order_id = $1)
         SELECT o.order_id AS "orderId", o.number, o.currency, o.status,
                o.total_amount::text AS "totalAmount", o.commission::text AS commission,
                s.paid::numeric(14,2)::text AS paid, s.refunded::numeric(14,2)::text AS refunded,
                greatest(o.total_amount - s.paid + s.refunded, 0)::numeric(14,2)::text AS due,
                greatest(s.paid - s.refunded - o.total_amount, 0)::numeric(14,2)::text AS overpayment,
                o.supplier_cost::text AS "supplierCost",
                s.to_suppliers::numeric(14,2)::text AS "paidToSuppliers",
                (o.supplier_cost - s.to_suppliers)::numeric(14,2)::text AS "supplierBalance",
                (s.paid - s.refunded - s.to_suppliers)::numeric(14,2)::text AS "realisedMargin",
                s.fx::numeric(14,2)::text AS "fxDifference"
           FROM finance_orders o, s WHERE o.order_id = $1`,
        [orderId],
      );
      return { ...r, currency: r.currency.trim() };
    });
  }
}
