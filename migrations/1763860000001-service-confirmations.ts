import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A supplier's answer about a service (orders module): confirmed, or rejected with a reason.
 * One row per service, kept beside order_services so the order aggregate stays as it is.
 */
export class ServiceConfirmations1763860000001 implements MigrationInterface {
  name = 'ServiceConfirmations1763860000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_service_confirmations (
        service_id   uuid PRIMARY KEY REFERENCES order_services (id) ON DELETE CASCADE,
        order_id     uuid NOT NULL REFERENCES orders (id),
        status       text NOT NULL CHECK (status IN ('confirmed', 'rejected')),
        reason       text,
        supplier     text NOT NULL,
        decided_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'rejected' OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX order_service_confirmations_order ON order_service_confirmations (order_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_service_confirmations`);
  }
}
