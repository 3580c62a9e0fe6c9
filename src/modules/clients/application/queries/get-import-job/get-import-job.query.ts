import { Query } from '@nestjs/cqrs';
import type { PageWindow } from '../../../../../shared/pagination/page';
import type { ImportJobView, ImportRowStatus } from '../../import-job.view';

/** An import job: progress, totals and one page of its per-row report (in file order). */
export class GetImportJobQuery extends Query<ImportJobView> {
  constructor(
    readonly jobId: string,
    readonly window: PageWindow,
    readonly status?: ImportRowStatus,
  ) {
    super();
  }
}
