import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { pageOf } from '../../../../../shared/pagination/page';
import type { ImportJobView, ImportRowView } from '../../import-job.view';
import { FileNameCodec } from '../../services/file-name.codec';
import { GetImportJobQuery } from './get-import-job.query';

interface JobRow {
  id: string;
  status: ImportJobView['status'];
  dryRun: boolean;
  fileName: string | null;
  fileNameSealed: string | null;
  encoding: string | null;
  delimiter: string | null;
  rows: number;
  created: number;
  duplicate: number;
  invalid: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

@QueryHandler(GetImportJobQuery)
export class GetImportJobHandler implements IQueryHandler<GetImportJobQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: FileNameCodec,
  ) {}

  async execute({ jobId, window, status }: GetImportJobQuery): Promise<ImportJobView> {
    const [job] = await this.uow.rows<JobRow>(
      `SELECT id, status, dry_run AS "dryRun", file_name AS "fileName", file_name_sealed AS "fileNameSealed", encoding, delimiter,
              rows_total AS rows, rows_created AS created, rows_duplicate AS duplicate, rows_invalid AS invalid,
              error, ${isoUtc('created_at')} AS "createdAt",
              CASE WHEN finished_at IS NULL THEN NULL ELSE ${isoUtc('finished_at')} END AS "finishedAt"
         FROM client_import_jobs WHERE id = $1`,
      [jobId],
    );
    if (!job) throw new NotFoundError('import job', jobId);
    const items = await this.uow.rows<ImportRowView>(
      `SELECT row_no AS row, status, client_id AS "clientId", duplicate_of AS "duplicateOfClientId",
              duplicate_row AS "duplicateOfRow", field, reason
         FROM client_import_rows
        WHERE job_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY row_no LIMIT $3 OFFSET $4`,
      [jobId, status ?? null, window.limit, window.offset],
    );
    const total = status === undefined ? job.rows : job[status];
    const { rows, created, duplicate, invalid, fileNameSealed, ...rest } = job;
    return {
      ...rest,
      fileName: this.names.open('client_import_jobs', job.id, fileNameSealed, job.fileName),
      totals: { rows, created, duplicate, invalid },
      rows: pageOf(items, total, window),
    };
  }
}
