import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { ApplicationSource, ApplicationStatus } from '../../../domain/application';
import type { ApplicationListItemView } from '../../application.view';

export interface ListApplicationsFilter {
  status?: ApplicationStatus;
  source?: ApplicationSource;
  assigneeId?: string;
  clientId?: string;
  /** Exactly this number (`З-2026-000123`; a Latin «Z» is read as «З»). */
  number?: string;
  /** created_at ≥ from (ISO 8601). */
  from?: string;
  /** created_at < to (ISO 8601). */
  to?: string;
}

/** Applications, newest first, contacts masked. */
export class ListApplicationsQuery extends Query<Page<ApplicationListItemView>> {
  constructor(
    readonly filter: ListApplicationsFilter,
    readonly window: PageWindow,
  ) {
    super();
  }
}
