import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Application numbers people can say aloud (`З-2026-000123`): unique and gap-free per year,
 * handed out from a per-year counter row locked until the creating transaction ends. Existing
 * applications are numbered in the order they arrived.
 */
export class ApplicationNumbers1764040000001 implements MigrationInterface {
  name = 'ApplicationNumbers1764040000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_number_counters (
        year integer PRIMARY KEY,
        last integer NOT NULL
      )`);
    await q.query(`ALTER TABLE applications ADD COLUMN number text`);
    await q.query(`
      WITH n AS (
        SELECT id, extract(year FROM created_at AT TIME ZONE 'UTC')::int AS y,
               row_number() OVER (PARTITION BY extract(year FROM created_at AT TIME ZONE 'UTC')
                                  ORDER BY created_at, id) AS seq
          FROM applications)
      UPDATE applications a SET number = 'З-' || n.y || '-' || lpad(n.seq::text, 6, '0')
        FROM n WHERE n.id = a.id`);
    await q.query(`
      INSERT INTO application_number_counters (year, last)
      SELECT extract(year FROM created_at AT TIME ZONE 'UTC')::int, count(*)
        FROM applications GROUP BY 1`);
    await q.query(`ALTER TABLE applications ALTER COLUMN number SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX applications_number ON applications (number)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications DROP COLUMN number`);
    await q.query(`DROP TABLE application_number_counters`);
  }
}
