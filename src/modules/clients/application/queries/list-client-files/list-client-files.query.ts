import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { ClientFileView } from '../../client-file.view';

/** The files of one client, oldest first. */
export class ListClientFilesQuery extends Query<Page<ClientFileView>> {
  constructor(
    readonly clientId: string,
    readonly window: PageWindow,
  ) {
    super();
  }
}
