import { Query } from '@nestjs/cqrs';
import type { Role } from '../../../../../shared/domain/actor';

export interface UserCredentials {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  passwordHash: string;
}

/** For the auth module: the sign-in record by e-mail or by id (deleted users are not found). */
export class FindUserCredentialsQuery extends Query<UserCredentials | null> {
  constructor(readonly by: { email: string } | { id: string }) {
    super();
  }
}
