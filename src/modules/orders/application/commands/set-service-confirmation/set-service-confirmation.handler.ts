import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OrderWorkflow } from '../../services/order-workflow';
import {
  type ServiceConfirmationResult,
  SetServiceConfirmationCommand,
} from './set-service-confirmation.command';

/** Finds the order of the service, then lets the Order aggregate take the supplier's answer. */
@CommandHandler(SetServiceConfirmationCommand)
export class SetServiceConfirmationHandler implements ICommandHandler<SetServiceConfirmationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
  ) {}

  async execute(c: SetServiceConfirmationCommand): Promise<ServiceConfirmationResult> {
    return this.uow.run(async () => {
      const orderId = await this.workflow.orderOfService(c.serviceId);
      if (orderId === null) throw new NotFoundError('service', c.serviceId);
      const order = await this.workflow.load(orderId).catch((err: unknown) => {
        throw err instanceof NotFoundError ? new NotFoundError('service', c.serviceId) : err;
      });
      order.recordSupplierAnswer(
        c.serviceId,
        { supplier: c.supplier, status: c.status, reason: c.reason },
        new Date(),
      );
      await this.workflow.save(order, c.actor);
      const service = order.services.find((s) => s.id === c.serviceId)!;
      return {
        orderId,
        number: order.number,
        managerId: order.managerId,
        serviceType: service.type,
        status: c.status,
      };
    });
  }
}
