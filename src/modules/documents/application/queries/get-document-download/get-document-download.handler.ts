import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import { DOCUMENT_STORE, type DocumentStore } from '../../ports/document-stores.port';
import { GetDocumentDownloadQuery } from './get-document-download.query';

@QueryHandler(GetDocumentDownloadQuery)
export class GetDocumentDownloadHandler implements IQueryHandler<GetDocumentDownloadQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ id, version }: GetDocumentDownloadQuery) {
    const doc = await this.documents.get(id);
    if (!doc) throw new NotFoundError('document', id);
    const n = version ?? doc.currentVersion;
    const v = await this.documents.version(id, n);
    if (!v) throw new NotFoundError('document version', `${id}/${n}`);
    const link = await this.storage.downloadUrl(v.fileKey, {
      expiresInSeconds: this.config.documents.linkTtlSeconds,
      // ASCII only: a Cyrillic name in response-content-disposition breaks some S3 signers
      fileName: `${doc.type}-${doc.year}-${String(doc.sequence).padStart(6, '0')}-v${n}.pdf`,
    });
    return { ...link, version: n, sha256: v.sha256 };
  }
}
