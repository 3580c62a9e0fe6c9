import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OrderWorkflow } from '../../services/order-workflow';
import { DeleteOrderCommand } from './delete-order.command';

@CommandHandler(DeleteOrderCommand)
export class DeleteOrderHandler implements ICommandHandler<DeleteOrderCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
  ) {}

  async execute({ id, expectedVersion, actor }: DeleteOrderCommand): Promise<void> {
    await this.uow.run(async () => {
      const order = await this.workflow.load(id, expectedVersion);
      order.delete({ by: actor.userId, now: new Date() });
      await this.workflow.save(order, actor);
    });
  }
}
