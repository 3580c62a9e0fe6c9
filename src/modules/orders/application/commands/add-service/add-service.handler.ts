import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { serviceViewOf } from '../../order.view';
import { OrderWorkflow } from '../../services/order-workflow';
import { ServiceRates } from '../../services/service-rates';
import type { ServiceChangeOutcome } from '../service-change.result';
import { AddServiceCommand } from './add-service.command';

@CommandHandler(AddServiceCommand)
export class AddServiceHandler implements ICommandHandler<AddServiceCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
    private readonly rates: ServiceRates,
  ) {}

  async execute({
    orderId,
    input,
    expectedVersion,
    force,
    actor,
  }: AddServiceCommand): Promise<ServiceChangeOutcome> {
    return this.uow.run(async () => {
      const order = await this.workflow.load(orderId, expectedVersion);
      const ctx = await this.workflow.serviceContext(order, actor, force);
      const serviceId = uuidv7();
      const { service, conflicts } = order.addService(serviceId, await this.rates.forNew(order, input), ctx);
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
