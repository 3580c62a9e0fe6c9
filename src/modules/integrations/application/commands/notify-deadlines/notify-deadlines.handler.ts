import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ListOrdersDueQuery } from '../../../../orders/application/queries/list-orders-due/list-orders-due.query';
import { TelegramStore } from '../../services/telegram-store';
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
      const [job] = await this.uow.rows<{ from: Date; to: Date; day: string }>(
        `SELECT (date_trunc('day', now() AT TIME ZONE $2) + interval '1 day') AT TIME ZONE $2 AS "from",
                (date_trunc('day', now() AT TIME ZONE $2) + interval '2 days') AT TIME ZONE $2 AS "to",
                to_char(date_trunc('day', now() AT TIME ZONE $2) + interval '1 day', 'DD.MM.YYYY') AS day
           FROM telegram_jobs WHERE name = $1 AND (next_run_at <= now() OR $3)
           FOR UPDATE SKIP LOCKED`,
        [DEADLINES_JOB, AGENCY_TIME_ZONE, force],
      );
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
      await this.uow.sql(
        `UPDATE telegram_jobs SET last_run_at = now(), next_run_at = now() + interval '1 hour' WHERE name = $1`,
        [DEADLINES_JOB],
      );
      return queued;
    });
  }
}
