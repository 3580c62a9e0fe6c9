import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import type { AttachmentRef } from '../../../domain/application';
import { ApplicationPiiCodec } from '../../services/application-pii.codec';
import { type DownloadLink, GetAttachmentLinkQuery } from './get-attachment-link.query';

export const ATTACHMENT_LINK_SECONDS = 300;

@QueryHandler(GetAttachmentLinkQuery)
export class GetAttachmentLinkHandler implements IQueryHandler<GetAttachmentLinkQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly codec: ApplicationPiiCodec,
  ) {}

  async execute({ applicationId, attachmentId }: GetAttachmentLinkQuery): Promise<DownloadLink | null> {
    const [row] = await this.uow.rows<{ attachment: AttachmentRef; pii: string | null }>(
      `SELECT e AS attachment, a.pii FROM applications a, jsonb_array_elements(a.attachments) e
        WHERE a.id = $1 AND e->>'id' = $2`,
      [applicationId, attachmentId],
    );
    if (!row) return null;
    const [attachment] = ApplicationPiiCodec.joinNames(
      [row.attachment],
      this.codec.open(applicationId, row.pii).fileNames,
    );
    return this.storage.downloadUrl(attachment.key, {
      expiresInSeconds: ATTACHMENT_LINK_SECONDS,
      fileName: attachment.fileName,
    });
  }
}
