import { Query } from '@nestjs/cqrs';

export interface DocumentDownloadView {
  url: string;
  expiresAt: string;
  version: number;
  sha256: string;
}

/** A short-lived link to one version (default: the current one) of a document. */
export class GetDocumentDownloadQuery extends Query<DocumentDownloadView> {
  constructor(
    readonly id: string,
    readonly version?: number,
  ) {
    super();
  }
}
