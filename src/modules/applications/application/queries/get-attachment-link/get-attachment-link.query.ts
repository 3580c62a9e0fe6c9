import { Query } from '@nestjs/cqrs';

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

/** A short-lived download link to one attachment of an application; null when either is unknown. */
export class GetAttachmentLinkQuery extends Query<DownloadLink | null> {
  constructor(
    readonly applicationId: string,
    readonly attachmentId: string,
  ) {
    super();
  }
}
