import { Query } from '@nestjs/cqrs';

/**
 * Full names of colleagues by id (deleted ones too, so old records still show who did them), for
 * names shown next to ids (an order's manager). Served from the users module's in-process cache,
 * invalidated on every replica within a second of a change; ids not found are left out.
 */
export class GetStaffNamesQuery extends Query<Map<string, string>> {
  constructor(readonly ids: readonly string[]) {
    super();
  }
}
