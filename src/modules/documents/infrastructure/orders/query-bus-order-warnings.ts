import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CROSS_BORDER_UNNOTIFIED } from '../../../../shared/contracts/cross-border';
import { GetOrderConflictsQuery } from '../../../orders/application/queries/get-order-conflicts/get-order-conflicts.query';
import type { OrderWarnings, TransferWarning } from '../../application/ports/order-warnings.port';

/** The order's conflicts over the QueryBus, the cross-border ones picked out. */
@Injectable()
export class QueryBusOrderWarnings implements OrderWarnings {
  constructor(private readonly queries: QueryBus) {}

  async unnotifiedTransfers(orderId: string): Promise<TransferWarning[]> {
    const conflicts = (await this.queries.execute(new GetOrderConflictsQuery(orderId))) ?? [];
    return conflicts
      .filter((c) => c.code === CROSS_BORDER_UNNOTIFIED)
      .map((c) => ({ serviceIds: c.serviceIds, message: c.message }));
  }
}
