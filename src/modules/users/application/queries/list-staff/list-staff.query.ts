import { Query } from '@nestjs/cqrs';
import type { Role } from '../../../../../shared/domain/actor';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';

/** What every signed-in user may know about a colleague: the name and the role, nothing else. */
export interface StaffMemberView {
  id: string;
  fullName: string;
  role: Role;
  active: boolean;
}

export class ListStaffQuery extends Query<Page<StaffMemberView>> {
  constructor(
    readonly window: PageWindow,
    /** Only these ids (resolving names shown next to ids elsewhere); deleted users included then. */
    readonly ids?: string[],
  ) {
    super();
  }
}
