import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { normaliseEmail } from '../../../domain/user';
import { FindUserCredentialsQuery, type UserCredentials } from './find-user-credentials.query';

@QueryHandler(FindUserCredentialsQuery)
export class FindUserCredentialsHandler implements IQueryHandler<FindUserCredentialsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ by }: FindUserCredentialsQuery): Promise<UserCredentials | null> {
    const [column, value] = 'email' in by ? ['lower(email)', normaliseEmail(by.email)] : ['id', by.id];
    const [row] = await this.uow.rows<UserCredentials>(
      `SELECT id, email, role, active, password_hash AS "passwordHash"
         FROM users WHERE ${column} = $1 AND deleted_at IS NULL`,
      [value],
    );
    return row ?? null;
  }
}
