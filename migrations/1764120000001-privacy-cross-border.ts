import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cross-border transfers of personal data (152-FZ art. 12): the agency's country list (adequate
 * protection or not; seeded empty — the agency keeps it), the register of transfers (country,
 * recipient, purpose, categories, the date Roskomnadzor was notified), and the supplier's country
 * on an order's service (where passenger data goes).
 */
export class PrivacyCrossBorder1764120000001 implements MigrationInterface {
  name = 'PrivacyCrossBorder1764120000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE order_services ADD COLUMN supplier_country text CHECK (supplier_country ~ '^[A-Z]{2}$')`,
    );
    await q.query(`
      CREATE TABLE privacy_countries (
        code        text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
        name        text NOT NULL,
        adequate    boolean NOT NULL,
        note        text,
        updated_by  uuid REFERENCES users (id),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE privacy_cross_border_transfers (
        id           uuid PRIMARY KEY,
        country      text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        recipient    text NOT NULL,
        purpose      text NOT NULL,
        categories   text[] NOT NULL,
        notified_on  date,
        created_by   uuid REFERENCES users (id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX privacy_transfers_country ON privacy_cross_border_transfers (country, lower(recipient))`,
    );
    await q.query(
      `CREATE INDEX privacy_transfers_created ON privacy_cross_border_transfers (created_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE privacy_cross_border_transfers`);
    await q.query(`DROP TABLE privacy_countries`);
    await q.query(`ALTER TABLE order_services DROP COLUMN supplier_country`);
  }
}
