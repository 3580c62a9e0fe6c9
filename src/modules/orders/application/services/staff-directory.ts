import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListStaffQuery } from '../../../users/application/queries/list-staff/list-staff.query';

/**
 * The orders module's view of staff, through the users module's ListStaffQuery (never its tables):
 * the names shown next to manager ids in order lists.
 */
@Injectable()
export class StaffDirectory {
  constructor(private readonly queries: QueryBus) {}

  /** Full names of `ids` (deleted colleagues too); ids the directory does not know are left out. */
  async names(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    if (wanted.length === 0) return new Map();
    const page = await this.queries.execute(new ListStaffQuery({ limit: wanted.length, offset: 0 }, wanted));
    return new Map(page.items.map((s) => [s.id, s.fullName]));
  }

  /** `items` with `managerName` beside each `managerId` (null when unassigned or unknown). */
  async withManagerNames<T extends { managerId: string | null }>(
    items: readonly T[],
  ): Promise<(T & { managerName: string | null })[]> {
    const names = await this.names(items.map((i) => i.managerId));
    return items.map((i) => ({ ...i, managerName: i.managerId ? (names.get(i.managerId) ?? null) : null }));
  }
}
