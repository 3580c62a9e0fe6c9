import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { AppMetrics } from '../http/metrics';

/** Feeds the outbox backlog gauges of `/metrics` (pending, parked, oldest pending age) from the outbox table. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.metrics.setOutboxBacklogSource(async () => {
      // the partial index outbox_backlog keeps this off the delivered rows
      const [r] = await this.uow.rows<{ pending: string; parked: string; age: string | null }>(
        `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
                count(*) FILTER (WHERE status = 'parked') AS parked,
                extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')) AS age
           FROM outbox WHERE status <> 'delivered'`,
      );
      return {
        pending: Number(r.pending),
        parked: Number(r.parked),
        oldestPendingAgeSeconds: r.age === null ? 0 : Math.max(0, Number(r.age)),
      };
    });
  }
}
