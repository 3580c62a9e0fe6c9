import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { OrderView } from '../../../orders/contracts/orders.views';
import { GetOrderQuery } from '../../../orders/application/queries/get-order/get-order.query';
import { FINANCE_REPOSITORY, type FinanceRepository } from '../../domain/finance.repository.port';

/**
 * Finance's copy of the order figures it reports on, read through the orders module's query
 * (never its tables) — on every `orders.*` event and before every payment.
 */
@Injectable()
export class OrderFactsSync {
  constructor(
    private readonly queries: QueryBus,
    @Inject(FINANCE_REPOSITORY) private readonly repo: FinanceRepository,
  ) {}

  /** Refreshes the facts of `orderId`; returns the live order, or null (and marks it deleted) when gone. */
  async refresh(orderId: string): Promise<OrderView | null> {
    const order = await this.queries.execute(new GetOrderQuery(orderId));
    if (!order) {
      await this.repo.markOrderDeleted(orderId);
      return null;
    }
    await this.repo.upsertOrderFacts({
      orderId: order.id,
      number: order.number,
      status: order.status,
      currency: order.currency,
      clientId: order.clientId,
      managerId: order.managerId,
      deadline: order.deadline,
      createdAt: order.createdAt,
      totalAmount: order.totalAmount,
      commission: order.commission,
      supplierCost: order.supplierCost,
      version: order.version,
    });
    return order;
  }
}
