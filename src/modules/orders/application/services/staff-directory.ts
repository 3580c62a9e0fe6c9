import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { extend } from '../../../../shared/domain/extend';
import { GetStaffNamesQuery } from '../../../users/application/queries/get-staff-names/get-staff-names.query';

/**
 * The orders module's view of staff, through the users module's GetStaffNamesQuery (never its
 * tables; served from its invalidated in-process cache): the names shown next to manager ids.
 */
@Injectable()
export class StaffDirectory {
  constructor(private readonly queries: QueryBus) {}

  /** Full names of `ids` (deleted colleagues too); ids the directory does not know are left out. */
  async names(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    if (wanted.length === 0) return new Map();
    return this.queries.execute(new GetStaffNamesQuery(wanted));
  }

  /** The name of one staff member (null when unassigned or unknown). */
  async nameOf(id: string | null): Promise<string | null> {
    if (!id) return null;
    return (await this.names([id])).get(id) ?? null;
  }

  /** `items` with `managerName` beside each `managerId` (null when unassigned or unknown). */
  async withManagerNames<T extends { managerId: string | null }>(
    items: readonly T[],
  ): Promise<(T & { managerName: string | null })[]> {
    const names = await this.names(items.map((i) => i.managerId));
    type Named = T & { managerName: string | null };
    return items.map(
      (i) => extend(i, { managerName: i.managerId ? (names.get(i.managerId) ?? null) : null }) as Named,
    );
  }
}
