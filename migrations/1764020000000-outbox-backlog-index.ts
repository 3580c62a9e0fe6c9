import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox backlog gauges of /metrics count undelivered rows; this keeps them off the delivered ones. */
export class OutboxBacklogIndex1764020000000 implements MigrationInterface {
  name = 'OutboxBacklogIndex1764020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_backlog ON outbox (status, created_at) WHERE status <> 'delivered'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_backlog`);
  }
}
