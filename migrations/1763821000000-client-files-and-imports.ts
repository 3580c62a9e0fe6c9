import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files attached to clients (scans of passports and visas; the bytes live in object storage) and
 * CSV import jobs with their per-row report. Report rows name fields and reasons, never values.
 */
export class ClientFilesAndImports1763821000000 implements MigrationInterface {
  name = 'ClientFilesAndImports1763821000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_files (
        id           uuid PRIMARY KEY,
        client_id    uuid NOT NULL REFERENCES clients (id),
        object_key   text NOT NULL UNIQUE,
        file_name    text NOT NULL,
        content_type text NOT NULL,
        size         bigint NOT NULL CHECK (size >= 0),
        sha256       text NOT NULL,
        uploaded_by  uuid REFERENCES users (id),
        uploaded_at  timestamptz NOT NULL DEFAULT now(),
        deleted_at   timestamptz,
        deleted_by   uuid REFERENCES users (id)
      )`);
    await q.query(
      `CREATE INDEX client_files_client ON client_files (client_id, uploaded_at, id) WHERE deleted_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE client_import_jobs (
        id           uuid PRIMARY KEY,
        status       text NOT NULL CHECK (status IN ('processing', 'completed', 'failed')),
        dry_run      boolean NOT NULL,
        file_name    text,
        encoding     text,
        delimiter    text,
        rows_total   integer NOT NULL DEFAULT 0,
        rows_created integer NOT NULL DEFAULT 0,
        rows_duplicate integer NOT NULL DEFAULT 0,
        rows_invalid integer NOT NULL DEFAULT 0,
        error        text,
        created_by   uuid REFERENCES users (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz
      )`);
    await q.query(`CREATE INDEX client_import_jobs_created ON client_import_jobs (created_at, id)`);
    await q.query(`
      CREATE TABLE client_import_rows (
        job_id        uuid NOT NULL REFERENCES client_import_jobs (id) ON DELETE CASCADE,
        row_no        integer NOT NULL,
        line          integer,
        status        text NOT NULL CHECK (status IN ('created', 'duplicate', 'invalid')),
        client_id     uuid,
        duplicate_of  uuid,
        duplicate_row integer,
        field         text,
        reason        text,
        PRIMARY KEY (job_id, row_no)
      )`);
    await q.query(`CREATE INDEX client_import_rows_status ON client_import_rows (job_id, status, row_no)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE client_import_rows`);
    await q.query(`DROP TABLE client_import_jobs`);
    await q.query(`DROP TABLE client_files`);
  }
}
