import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { Order } from '../../../domain/order';
import { ORDER_REPOSITORY, type OrderRepository } from '../../../domain/order.repository.port';
import { ClientDirectory } from '../../services/client-directory';
import { CreateOrderCommand } from './create-order.command';
import { withOrderFacts } from '../../services/order-event-facts';

/**
 * Creates a draft order. The payer and travellers must be live clients (checked through the
 * clients module's query). The number is taken last, right before the insert, so the per-year
 * counter row is held locked for as short a time as possible.
 */
@CommandHandler(CreateOrderCommand)
export class CreateOrderHandler implements ICommandHandler<CreateOrderCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly outbox: OutboxWriter,
    private readonly clients: ClientDirectory,
  ) {}

  async execute({
    input,
    actor,
  }: CreateOrderCommand): Promise<{ id: string; number: string; version: number }> {
    const now = new Date();
    const ctx = { by: actor.userId, now };
    // validate the shape before touching the database (a placeholder number, replaced below)
    const draft = Order.create(uuidv7(), '0000-000000', input, '', ctx);
    return this.uow.run(async () => {
      const payerName = await this.clients.requireLive(
        draft.clientId,
        input.travellerIds ? draft.travellerIds : undefined,
      );
      const number = await this.orders.nextNumber(now.getUTCFullYear());
      const order = Order.create(draft.id, number, input, payerName ?? '', ctx);
      await this.orders.insert(order);
      await this.outbox.append(withOrderFacts(order, order.pullEvents()), actor);
      return { id: order.id, number, version: order.version };
    });
  }
}
