import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { serviceViewOf } from '../../order.view';
import { OrderWorkflow } from '../../services/order-workflow';
import { ServiceRates } from '../../services/service-rates';
import type { ServiceChangeOutcome } from '../service-change.result';
import { UpdateServiceCommand } from './update-service.command';

@CommandHandler(UpdateServiceCommand)
export class UpdateServiceHandler implements ICommandHandler<UpdateServiceCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
    private readonly rates: ServiceRates,
  ) {}

  async execute({
    orderId,
    serviceId,
    changes,
    expectedVersion,
    force,
    actor,
  }: UpdateServiceCommand): Promise<ServiceChangeOutcome> {
    return this.uow.run(async () => {
      const order = await this.workflow.load(orderId, expectedVersion);
      const ctx = await this.workflow.serviceContext(order, actor, force);
      const { service, conflicts } = order.updateService(
        serviceId,
        await this.rates.forChanges(order, serviceId, changes),
        ctx,
      );
      await this.workflow.save(order, actor);
      return {
        orderId,
        service: service && serviceViewOf(service, orderId),
        conflicts,
        orderVersion: order.version,
        totals: order.totals,
      };
    });
  }
}
