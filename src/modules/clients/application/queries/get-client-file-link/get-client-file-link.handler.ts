import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import { FileNameCodec } from '../../services/file-name.codec';
import { PersonalDataRead } from '../../../domain/client.events';
import { assertClientReadable } from '../list-client-files/list-client-files.handler';
import { type DownloadLink, GetClientFileLinkQuery } from './get-client-file-link.query';

/** Links live five minutes: long enough to click, short enough that a leaked one is soon useless. */
export const CLIENT_FILE_LINK_SECONDS = 300;

@QueryHandler(GetClientFileLinkQuery)
export class GetClientFileLinkHandler implements IQueryHandler<GetClientFileLinkQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly names: FileNameCodec,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  async execute({ clientId, fileId, viewer }: GetClientFileLinkQuery): Promise<DownloadLink> {
    await assertClientReadable(this.uow, clientId);
    const [file] = await this.uow.rows<{
      object_key: string;
      file_name: string | null;
      file_name_sealed: string | null;
    }>(
      `SELECT object_key, file_name, file_name_sealed FROM client_files WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL`,
      [fileId, clientId],
    );
    if (!file) throw new NotFoundError('client file', fileId);
    const link = await this.storage.downloadUrl(file.object_key, {
      expiresInSeconds: CLIENT_FILE_LINK_SECONDS,
      fileName: this.names.open('client_files', fileId, file.file_name_sealed, file.file_name) ?? fileId,
    });
    await this.uow.run(() =>
      this.outbox.append(
        [new PersonalDataRead(clientId, { fields: ['documents'], via: 'downloadClientDocument', fileId })],
        viewer,
      ),
    );
    return link;
  }
}
