import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ClientDirectory } from '../../services/client-directory';
import { OrderWorkflow } from '../../services/order-workflow';
import { UpdateOrderCommand } from './update-order.command';

@CommandHandler(UpdateOrderCommand)
export class UpdateOrderHandler implements ICommandHandler<UpdateOrderCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
    private readonly clients: ClientDirectory,
  ) {}

  async execute({
    id,
    expectedVersion,
    changes,
    actor,
  }: UpdateOrderCommand): Promise<{ id: string; version: number }> {
    return this.uow.run(async () => {
      const order = await this.workflow.load(id, expectedVersion);
      const clientId = changes.clientId?.toLowerCase();
      const payerName = await this.clients.requireLive(
        clientId !== undefined && clientId !== order.clientId ? clientId : undefined,
        changes.travellerIds?.filter((t) => !order.travellerIds.includes(t.toLowerCase())),
      );
      order.update(changes, { by: actor.userId, now: new Date() }, payerName);
      await this.workflow.save(order, actor);
      return { id, version: order.version };
    });
  }
}
