import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { OrderTotals } from '../../../domain/pricing.policy';
import { OrderWorkflow } from '../../services/order-workflow';
import { RecalculateOrderTotalsCommand } from './recalculate-order-totals.command';

@CommandHandler(RecalculateOrderTotalsCommand)
export class RecalculateOrderTotalsHandler implements ICommandHandler<RecalculateOrderTotalsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workflow: OrderWorkflow,
  ) {}

  async execute({ id, actor }: RecalculateOrderTotalsCommand): Promise<{
    id: string;
    version: number;
    totals: OrderTotals;
    changed: boolean;
  }> {
    return this.uow.run(async () => {
      const order = await this.workflow.load(id);
      const changed = order.recalculateTotals({ by: actor.userId, now: new Date() });
      await this.workflow.save(order, actor);
      return { id, version: order.version, totals: order.totals, changed };
    });
  }
}
