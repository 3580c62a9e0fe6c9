import { Injectable } from '@nestjs/common';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { FileNameCodec } from '../../application/services/file-name.codec';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { ImportJobStore, ImportReportRow } from '../../application/services/import-job.store';

/** Import jobs; the uploaded file's name is sealed in `file_name_sealed` (`file_name` stays NULL). */
@Injectable()
@SealsColumns([
  { table: 'client_import_jobs', column: 'file_name_sealed', aad: FileNameCodec.aad('client_import_jobs') },
])
export class SqlImportJobStore implements ImportJobStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: FileNameCodec,
  ) {}

  async create(job: { id: string; dryRun: boolean; fileName: string | null; createdBy: string | null }) {
    await this.uow.sql(
      `INSERT INTO client_import_jobs (id, status, dry_run, file_name_sealed, created_by) VALUES ($1, 'processing', $2, $3, $4)`,
      [job.id, job.dryRun, this.names.seal('client_import_jobs', job.id, job.fileName), job.createdBy],
    );
  }

  async describe(id: string, format: { encoding: string; delimiter: string }) {
    await this.uow.sql(
      `UPDATE client_import_jobs SET encoding = $2, delimiter = $3, updated_at = now() WHERE id = $1`,
      [id, format.encoding, format.delimiter],
    );
  }

  /**
   * One statement: the report rows are inserted and only the rows actually inserted are counted
   * into the totals, so a batch written again after a retry (its rows already in the report,
   * `ON CONFLICT DO NOTHING`) adds nothing to the totals a second time.
   */
  async record(id: string, rows: readonly ImportReportRow[]) {
    if (rows.length === 0) return;
    await this.uow.sql(
      `WITH added AS (
         INSERT INTO client_import_rows (job_id, row_no, status, client_id, duplicate_of, duplicate_row, field, reason)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::uuid[], $6::int[], $7::text[], $8::text[])
         ON CONFLICT DO NOTHING
         RETURNING status
       )
       UPDATE client_import_jobs j
          SET rows_total = j.rows_total + c.total, rows_created = j.rows_created + c.created,
              rows_duplicate = j.rows_duplicate + c.duplicate, rows_invalid = j.rows_invalid + c.invalid,
              updated_at = now()
         FROM (SELECT count(*)::int AS total,
                      (count(*) FILTER (WHERE status = 'created'))::int AS created,
                      (count(*) FILTER (WHERE status = 'duplicate'))::int AS duplicate,
                      (count(*) FILTER (WHERE status = 'invalid'))::int AS invalid
                 FROM added) c
        WHERE j.id = $1`,
      [
        id,
        rows.map((r) => r.row),
        rows.map((r) => r.status),
        rows.map((r) => r.clientId),
        rows.map((r) => r.duplicateOfClientId),
        rows.map((r) => r.duplicateOfRow),
        rows.map((r) => r.field),
        rows.map((r) => r.reason),
      ],
    );
  }

  async finish(id: string, outcome: { status: 'completed' } | { status: 'failed'; error: string }) {
    await this.uow.sql(
      `UPDATE client_import_jobs SET status = $2, error = $3, finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, outcome.status, outcome.status === 'failed' ? outcome.error : null],
    );
  }
}
