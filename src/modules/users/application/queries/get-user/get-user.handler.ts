import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { USER_VIEW_COLUMNS, type UserView } from '../user.view';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ id }: GetUserQuery): Promise<UserView | null> {
    const [row] = await this.uow.rows<UserView>(
      `SELECT ${USER_VIEW_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return row ?? null;
  }
}
