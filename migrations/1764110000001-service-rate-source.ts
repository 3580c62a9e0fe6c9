import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a service's rate came from: `parity` (the order's own currency), `manual` (given with the
 * service, or a rate staff recorded in finance) or `cbr` (the Central Bank's rate stored by
 * `rates:import`), and the date of a stored rate. Services stored before are `parity` when in the
 * order's currency, `manual` otherwise (their rate was always given by hand).
 */
export class ServiceRateSource1764110000001 implements MigrationInterface {
  name = 'ServiceRateSource1764110000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE order_services
         ADD COLUMN rate_source text NOT NULL DEFAULT 'manual'
           CONSTRAINT order_services_rate_source_check CHECK (rate_source IN ('parity', 'manual', 'cbr')),
         ADD COLUMN rate_date date`,
    );
    await q.query(
      `UPDATE order_services s SET rate_source = 'parity'
         FROM orders o WHERE o.id = s.order_id AND o.currency = s.currency`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_services DROP COLUMN rate_date, DROP COLUMN rate_source`);
  }
}
