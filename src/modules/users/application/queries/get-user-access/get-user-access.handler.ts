import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { USER_ACCESS_CACHE, type UserAccessCache } from '../../ports/user-access-cache.port';
import { GetUserAccessQuery, type UserAccess } from './get-user-access.query';

@QueryHandler(GetUserAccessQuery)
export class GetUserAccessHandler implements IQueryHandler<GetUserAccessQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_ACCESS_CACHE) private readonly cache: UserAccessCache,
  ) {}

  execute({ id }: GetUserAccessQuery): Promise<UserAccess | null> {
    return this.cache.get(id, async () => {
      const [row] = await this.uow.rows<UserAccess>(
        `SELECT id, role, active FROM users WHERE id = $1 AND deleted_at IS NULL`,
        [id],
      );
      return row ?? null;
    });
  }
}
