import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File names are personal data (`паспорт 4510 123456.pdf`): client files and import jobs get a
 * FieldCipher-sealed `file_name_sealed` column; the clear `file_name` may now be NULL. A migration
 * has no key, so rows stored before this one are sealed (and their clear name cleared) by the
 * startup backfill; application attachments move their names into the already sealed `pii`.
 */
export class SealedFileNames1764090000000 implements MigrationInterface {
  name = 'SealedFileNames1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE client_files ADD COLUMN file_name_sealed text, ALTER COLUMN file_name DROP NOT NULL`,
    );
    await q.query(`ALTER TABLE client_import_jobs ADD COLUMN file_name_sealed text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client_import_jobs DROP COLUMN file_name_sealed`);
    await q.query(`UPDATE client_files SET file_name = id::text WHERE file_name IS NULL`);
    await q.query(
      `ALTER TABLE client_files DROP COLUMN file_name_sealed, ALTER COLUMN file_name SET NOT NULL`,
    );
  }
}
