import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agent report asks the orders module for one supplier's services of a month. */
export class SupplierServicesIndex1763850000001 implements MigrationInterface {
  name = 'SupplierServicesIndex1763850000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX order_services_supplier ON order_services (supplier, start_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX order_services_supplier`);
  }
}
