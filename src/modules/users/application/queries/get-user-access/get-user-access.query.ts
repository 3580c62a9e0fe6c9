import { Query } from '@nestjs/cqrs';
import type { Role } from '../../../../../shared/domain/actor';

/** What the per-request access check needs of a user: no e-mail, no password hash. */
export interface UserAccess {
  id: string;
  role: Role;
  active: boolean;
}

/**
 * For the auth module's per-request check: the user's role and whether it is active (deleted users
 * are not found). Served from a small in-process cache invalidated on every replica within a
 * second of a change (see UserAccessCache); use FindUserCredentialsQuery where an exact read is needed.
 */
export class GetUserAccessQuery extends Query<UserAccess | null> {
  constructor(readonly id: string) {
    super();
  }
}
