import { Query } from '@nestjs/cqrs';
import type { Role } from '../../../../../shared/domain/actor';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { UserView } from '../user.view';

export interface ListUsersFilter {
  role?: Role;
  active?: boolean;
  q?: string;
  sort?: string;
}

export class ListUsersQuery extends Query<Page<UserView>> {
  constructor(
    readonly filter: ListUsersFilter,
    readonly window: PageWindow,
  ) {
    super();
  }
}
