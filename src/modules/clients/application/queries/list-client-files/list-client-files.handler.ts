import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import { ClientMergedError } from '../../../domain/client';
import type { ClientFileView } from '../../client-file.view';
import { FileNameCodec } from '../../services/file-name.codec';
import { ListClientFilesQuery } from './list-client-files.query';

export const CLIENT_FILE_COLUMNS = `f.id, f.client_id AS "clientId", f.file_name AS "fileName", f.file_name_sealed AS "fileNameSealed",
  f.content_type AS "contentType", f.size::float8 AS size, f.sha256, f.uploaded_by AS "uploadedBy",
  ${isoUtc('f.uploaded_at')} AS "uploadedAt"`;

/** 404 for an unknown or deleted client, 410 with the survivor for a merged one. */
export async function assertClientReadable(uow: UnitOfWork, clientId: string): Promise<void> {
  const [c] = await uow.rows<{ merged_into: string | null; deleted: boolean }>(
    `SELECT merged_into, deleted_at IS NOT NULL AS deleted FROM clients WHERE id = $1`,
    [clientId],
  );
  if (!c || c.deleted) throw new NotFoundError('client', clientId);
  if (c.merged_into !== null) throw new ClientMergedError(clientId, c.merged_into);
}

@QueryHandler(ListClientFilesQuery)
export class ListClientFilesHandler implements IQueryHandler<ListClientFilesQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: FileNameCodec,
  ) {}

  async execute({ clientId, window }: ListClientFilesQuery): Promise<Page<ClientFileView>> {
    await assertClientReadable(this.uow, clientId);
    const rows = await this.uow.rows<ClientFileView & { total: string; fileNameSealed: string | null }>(
      `SELECT ${CLIENT_FILE_COLUMNS}, count(*) OVER () AS total
         FROM client_files f
        WHERE f.client_id = $1 AND f.deleted_at IS NULL
        ORDER BY f.uploaded_at, f.id
        LIMIT $2 OFFSET $3`,
      [clientId, window.limit, window.offset],
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && window.offset > 0) {
      const [c] = await this.uow.rows<{ n: string }>(
        `SELECT count(*) AS n FROM client_files WHERE client_id = $1 AND deleted_at IS NULL`,
        [clientId],
      );
      total = Number(c.n);
    }
    return pageOf(
      rows.map(({ total: _t, fileNameSealed, ...f }) => ({
        ...f,
        fileName: this.names.open('client_files', f.id, fileNameSealed, f.fileName) ?? f.id,
      })),
      total,
      window,
    );
  }
}
