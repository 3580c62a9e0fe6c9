import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../../shared/domain/actor';
import {
  ClientReferenceMover,
  type ClientReferenceMoverPort,
} from '../../../../shared/contracts/client-references';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { ORDER_REPOSITORY, type OrderRepository } from '../../domain/order.repository.port';
import { ClientDirectory } from './client-directory';
import { withOrderFacts } from './order-event-facts';

/**
 * Called by the clients merge command inside its unit of work: every order (live, closed or
 * deleted) whose payer or travellers (of the order or of a service) is the duplicate now points
 * at the survivor; each order's version moves on and an `orders.client-relinked` event is
 * recorded (audit + timeline). Orders are locked in id order, so two merges cannot deadlock.
 */
@Injectable()
@ClientReferenceMover({ name: 'orders' })
export class OrdersClientReferenceMover implements ClientReferenceMoverPort {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly outbox: OutboxWriter,
    private readonly clients: ClientDirectory,
  ) {}

  async moveClientReferences(fromClientId: string, toClientId: string, actor: Actor): Promise<number> {
    const from = fromClientId.toLowerCase();
    const to = toClientId.toLowerCase();
    const ids = await this.orders.idsReferencingClient(from);
    if (ids.length === 0) return 0;
    const survivor = (await this.clients.summaries([to])).get(to);
    let moved = 0;
    for (const id of ids) {
      const order = await this.orders.findByIdForUpdate(id);
      if (!order) continue;
      if (order.relinkClient(from, to, { by: actor.userId, now: new Date() }, survivor?.fullName)) {
        await this.orders.update(order);
        await this.outbox.append(withOrderFacts(order, order.pullEvents()), actor);
        moved += 1;
      }
    }
    return moved;
  }
}
