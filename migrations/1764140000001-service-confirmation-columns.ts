import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supplier's answer moves onto its service row: the Order aggregate loads and writes it with
 * the service (one write path), and the order list filters by it through two partial indexes
 * (services still waiting for their supplier's answer; services the supplier rejected).
 */
export class ServiceConfirmationColumns1764140000001 implements MigrationInterface {
  name = 'ServiceConfirmationColumns1764140000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE order_services
        ADD COLUMN confirmation_status text CHECK (confirmation_status IN ('confirmed', 'rejected')),
        ADD COLUMN confirmation_reason text,
        ADD COLUMN confirmation_supplier text,
        ADD COLUMN confirmation_decided_at timestamptz,
        ADD CONSTRAINT order_services_confirmation_whole CHECK (
          (confirmation_status IS NULL) = (confirmation_supplier IS NULL)
          AND (confirmation_status IS NULL) = (confirmation_decided_at IS NULL)
          AND (confirmation_status IS DISTINCT FROM 'rejected' OR confirmation_reason IS NOT NULL))`);
    await q.query(`
      UPDATE order_services s
         SET confirmation_status = c.status, confirmation_reason = c.reason,
             confirmation_supplier = c.supplier, confirmation_decided_at = c.decided_at
        FROM order_service_confirmations c
       WHERE c.service_id = s.id`);
    await q.query(`DROP TABLE order_service_confirmations`);
    await q.query(`
      CREATE INDEX order_services_unconfirmed ON order_services (order_id)
       WHERE supplier IS NOT NULL AND confirmation_status IS NULL`);
    await q.query(`
      CREATE INDEX order_services_rejected ON order_services (order_id) WHERE confirmation_status = 'rejected'`);
  }

  async down(q: QueryRunner): Promise<void> {
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
    await q.query(`
      INSERT INTO order_service_confirmations (service_id, order_id, status, reason, supplier, decided_at)
      SELECT id, order_id, confirmation_status, confirmation_reason, confirmation_supplier, confirmation_decided_at
        FROM order_services WHERE confirmation_status IS NOT NULL`);
    await q.query(`DROP INDEX order_services_rejected`);
    await q.query(`DROP INDEX order_services_unconfirmed`);
    await q.query(`
      ALTER TABLE order_services
        DROP CONSTRAINT order_services_confirmation_whole,
        DROP COLUMN confirmation_status, DROP COLUMN confirmation_reason,
        DROP COLUMN confirmation_supplier, DROP COLUMN confirmation_decided_at`);
  }
}
