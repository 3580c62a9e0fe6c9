import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OrderWorkflow } from '../../services/order-workflow';
import type { ServiceChangeOutcome } from '../service-change.result';
import { RemoveServiceCommand } from './remove-service.command';

@CommandHandler(RemoveServiceCommand)
export class RemoveServiceHandler implements ICommandHandler<RemoveServiceCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
  ) {}

  async execute({
    orderId,
    serviceId,
    expectedVersion,
    actor,
  }: RemoveServiceCommand): Promise<ServiceChangeOutcome> {
    return this.uow.run(async () => {
      const order = await this.workflow.load(orderId, expectedVersion);
      const ctx = await this.workflow.serviceContext(order, actor, false);
      const { conflicts } = order.removeService(serviceId, ctx);
      await this.workflow.save(order, actor);
      return { orderId, service: null, conflicts, orderVersion: order.version, totals: order.totals };
    });
  }
}
