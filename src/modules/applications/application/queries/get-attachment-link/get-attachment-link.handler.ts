import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import type { AttachmentRef } from '../../../domain/application';
import { type DownloadLink, GetAttachmentLinkQuery } from './get-attachment-link.query';

export const ATTACHMENT_LINK_SECONDS = 300;

@QueryHandler(GetAttachmentLinkQuery)
export class GetAttachmentLinkHandler implements IQueryHandler<GetAttachmentLinkQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  async execute({ applicationId, attachmentId }: GetAttachmentLinkQuery): Promise<DownloadLink | null> {
    const [row] = await this.uow.rows<{ attachment: AttachmentRef }>(
      `SELECT e AS attachment FROM applications a, jsonb_array_elements(a.attachments) e
        WHERE a.id = $1 AND e->>'id' = $2`,
      [applicationId, attachmentId],
    );
    if (!row) return null;
    return this.storage.downloadUrl(row.attachment.key, {
      expiresInSeconds: ATTACHMENT_LINK_SECONDS,
      fileName: row.attachment.fileName,
    });
  }
}
