import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListPaymentsQuery } from '../../../finance/application/queries/list-payments/list-payments.query';
import type { OrderListItemView } from '../../../orders/contracts/orders.views';
import { ListOrdersQuery } from '../../../orders/application/queries/list-orders/list-orders.query';
import type { PaymentView } from '../../../finance/contracts/finance.views';
import { keepingBases, type KeepingBasis } from '../../domain/retention-policy';

/** A client's orders and payments, read through the orders and finance modules' queries. */
@Injectable()
export class SubjectDealings {
  constructor(private readonly queries: QueryBus) {}

  async orders(clientId: string): Promise<OrderListItemView[]> {
    const out: OrderListItemView[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await this.queries.execute(new ListOrdersQuery({ clientId }, { limit: 200, offset }));
      out.push(...page.items);
      if (page.items.length < 200) return out;
    }
  }

  async payments(orderIds: string[]): Promise<PaymentView[]> {
    const out: PaymentView[] = [];
    for (const orderId of orderIds) {
      const page = await this.queries.execute(
        new ListPaymentsQuery({ orderId, includeCancelled: false }, { limit: 200, offset: 0 }),
      );
      out.push(...page.items);
    }
    return out;
  }

  async bases(clientId: string | null): Promise<KeepingBasis[]> {
    if (clientId === null) return [];
    const orders = await this.orders(clientId);
    const payments = await this.payments(orders.map((o) => o.id));
    return keepingBases({ orderStatuses: orders.map((o) => o.status), payments: payments.length });
  }
}
