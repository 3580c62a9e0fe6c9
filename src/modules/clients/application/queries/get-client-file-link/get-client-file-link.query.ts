import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

/** A short-lived download link to a client's file; audited as `pii.read` (scans are passports). */
export class GetClientFileLinkQuery extends Query<DownloadLink> {
  constructor(
    readonly clientId: string,
    readonly fileId: string,
    readonly viewer: Actor,
  ) {
    super();
  }
}
