import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { USER_ACCESS_CACHE, type UserAccessCache } from '../../ports/user-access-cache.port';
import { GetStaffNamesQuery } from './get-staff-names.query';

@QueryHandler(GetStaffNamesQuery)
export class GetStaffNamesHandler implements IQueryHandler<GetStaffNamesQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_ACCESS_CACHE) private readonly cache: UserAccessCache,
  ) {}

  execute({ ids }: GetStaffNamesQuery): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return Promise.resolve(new Map());
    return this.cache.names(wanted, async (missing) => {
      const rows = await this.uow.rows<{ id: string; fullName: string }>(
        `SELECT id, full_name AS "fullName" FROM users WHERE id = ANY($1::uuid[])`,
        [missing],
      );
      return new Map(rows.map((r) => [r.id, r.fullName]));
    });
  }
}
