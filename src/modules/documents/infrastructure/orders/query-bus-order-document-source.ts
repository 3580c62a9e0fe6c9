import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetClientSummariesQuery } from '../../../clients/application/queries/get-client-summaries/get-client-summaries.query';
import { ListPaymentsQuery } from '../../../finance/application/queries/list-payments/list-payments.query';
import type { PaymentView } from '../../../finance/contracts/finance.views';
import { GetOrderQuery } from '../../../orders/application/queries/get-order/get-order.query';
import type { OrderDocumentSource } from '../../application/ports/order-document-source.port';
import type { OrderSnapshot } from '../../domain/order-snapshot';

const PAYMENTS_PAGE = 200;

/**
 * Orders' GetOrderQuery, clients' GetClientSummariesQuery and finance's ListPaymentsQuery (not
 * cancelled, every page) over the QueryBus.
 */
@Injectable()
export class QueryBusOrderDocumentSource implements OrderDocumentSource {
  constructor(private readonly queries: QueryBus) {}

  async load(orderId: string): Promise<OrderSnapshot | null> {
    const order = await this.queries.execute(new GetOrderQuery(orderId));
    if (!order) return null;
    const ids = [...new Set([order.clientId, ...order.travellerIds])];
    const summaries = await this.queries.execute(new GetClientSummariesQuery(ids));
    const name = new Map(summaries.map((c) => [c.id, c.fullName]));
    const payments = await this.payments(order.id);
    const person = (id: string) => ({ id, fullName: name.get(id) ?? '' });
    return {
      id: order.id,
      number: order.number,
      status: order.status,
      currency: order.currency,
      createdAt: order.createdAt,
      deadline: order.deadline,
      note: order.note,
      client: person(order.clientId),
      travellers: order.travellerIds.map(person),
      totalAmount: order.totalAmount,
      commission: order.commission,
      supplierCost: order.supplierCost,
      services: order.services.map((s) => ({
        id: s.id,
        type: s.type,
        startAt: s.startAt,
        endAt: s.endAt,
        location: s.location,
        destination: s.destination,
        supplier: s.supplier,
        bookingRef: s.bookingRef,
        details: s.details ?? {},
        travellerIds: s.travellerIds,
        price: s.price,
        currency: s.currency,
        rate: s.rate,
        amount: s.amount,
      })),
      payments: payments.map((p) => ({
        id: p.id,
        type: p.type,
        paidAt: p.paidAt,
        amountInOrderCurrency: p.amountInOrderCurrency,
        method: p.method,
      })),
    };
  }

  private async payments(orderId: string): Promise<PaymentView[]> {
    const all: PaymentView[] = [];
    for (let offset = 0; ; offset += PAYMENTS_PAGE) {
      const page = await this.queries.execute(
        new ListPaymentsQuery({ orderId, includeCancelled: false }, { limit: PAYMENTS_PAGE, offset }),
      );
      all.push(...page.items);
      if (page.items.length < PAYMENTS_PAGE || all.length >= page.total) return all;
    }
  }
}
