import { Injectable } from '@nestjs/common';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { FileNameCodec } from '../../application/services/file-name.codec';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { ClientFileRepository, StoredClientFile } from '../../domain/client-file.repository.port';

interface Row {
  id: string;
  client_id: string;
  object_key: string;
  file_name: string | null;
  file_name_sealed: string | null;
  content_type: string;
  size: string;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Date;
}

/** Client files; the name is sealed in `file_name_sealed` (`file_name` stays NULL). */
@Injectable()
@SealsColumns([{ table: 'client_files', column: 'file_name_sealed', aad: FileNameCodec.aad('client_files') }])
export class SqlClientFileRepository implements ClientFileRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: FileNameCodec,
  ) {}

  async insert(f: StoredClientFile): Promise<void> {
    await this.uow.sql(
      `INSERT INTO client_files (id, client_id, object_key, file_name_sealed, content_type, size, sha256, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        f.id,
        f.clientId,
        f.objectKey,
        this.names.seal('client_files', f.id, f.fileName),
        f.contentType,
        f.size,
        f.sha256,
        f.uploadedBy,
        f.uploadedAt,
      ],
    );
  }

  async findForUpdate(clientId: string, fileId: string): Promise<StoredClientFile | null> {
    const [r] = await this.uow.rows<Row>(
      `SELECT * FROM client_files WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL FOR UPDATE`,
      [fileId, clientId],
    );
    if (!r) return null;
    return {
      id: r.id,
      clientId: r.client_id,
      objectKey: r.object_key,
      fileName: this.names.open('client_files', r.id, r.file_name_sealed, r.file_name) ?? r.id,
      contentType: r.content_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at,
    };
  }

  async markDeleted(fileId: string, by: string | null, at: Date): Promise<void> {
    await this.uow.sql(`UPDATE client_files SET deleted_at = $2, deleted_by = $3 WHERE id = $1`, [
      fileId,
      at,
      by,
    ]);
  }

  async moveAll(fromClientId: string, toClientId: string): Promise<number> {
    const r = await this.uow.sql(
      `UPDATE client_files SET client_id = $2 WHERE client_id = $1 AND deleted_at IS NULL`,
      [fromClientId, toClientId],
    );
    return r.rowCount;
  }
}
