import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { AuditEntryView } from '../audit-entry.view';

export interface AuditFilter {
  userId?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** `seq` (oldest first) or `-seq` (newest first, default). */
  sort?: 'seq' | '-seq';
}

export class ListAuditQuery extends Query<Page<AuditEntryView>> {
  constructor(
    readonly filter: AuditFilter,
    readonly window: PageWindow,
  ) {
    super();
  }
}
