import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OrderWorkflow } from '../../services/order-workflow';
import { ChangeOrderStatusCommand } from './change-order-status.command';

@CommandHandler(ChangeOrderStatusCommand)
export class ChangeOrderStatusHandler implements ICommandHandler<ChangeOrderStatusCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
  ) {}

  async execute({
    id,
    status,
    reason,
    expectedVersion,
    actor,
  }: ChangeOrderStatusCommand): Promise<{ id: string; version: number }> {
    return this.uow.run(async () => {
      const order = await this.workflow.load(id, expectedVersion);
      order.changeStatus(status, reason, { by: actor.userId, now: new Date() });
      await this.workflow.save(order, actor);
      return { id, version: order.version };
    });
  }
}
