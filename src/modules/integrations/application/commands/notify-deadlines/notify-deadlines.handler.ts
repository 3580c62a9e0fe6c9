import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ListOrdersDueQuery } from '../../../../orders/application/queries/list-orders-due/list-orders-due.query';
import { TelegramStore } from '../../ports/telegram-store.port';
import { AGENCY_TIME_ZONE, DEADLINES_JOB, NotifyDeadlinesCommand } from './notify-deadlines.command';

@CommandHandler(NotifyDeadlinesCommand)
export class NotifyDeadlinesHandler implements ICommandHandler<NotifyDeadlinesCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly store: TelegramStore,
  ) {}

  async execute({ force }: NotifyDeadlinesCommand): Promise<number | null> {
    return this.uow.run(async () => {
      const job = await this.store.claimDeadlineJob(DEADLINES_JOB, AGENCY_TIME_ZONE, force);
      if (!job) return null;
      let queued = 0;
      for (const order of await this.queries.execute(new ListOrdersDueQuery(job.from, job.to))) {
        if (!order.managerId) continue;
        for (const c of await this.store.linkedChats('operators', { userIds: [order.managerId] })) {
          await this.store.enqueue(
            c.integrationId,
            c.chatId,
            { text: `Завтра (${job.day}) срок оплаты по заказу ${order.number}.` },
            `deadline:${order.id}:${job.day}:${c.integrationId}:${c.chatId}`,
          );
          queued += 1;
        }
      }
      await this.store.rescheduleJob(DEADLINES_JOB);
      return queued;
    });
  }
}
