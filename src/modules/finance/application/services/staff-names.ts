import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListStaffQuery } from '../../../users/application/queries/list-staff/list-staff.query';

/** Manager names for report rows, through the users module's staff directory (never its tables). */
@Injectable()
export class StaffNames {
  constructor(private readonly queries: QueryBus) {}

  async of(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    const map = new Map<string, string>();
    for (let i = 0; i < unique.length; i += 1000) {
      const chunk = unique.slice(i, i + 1000);
      const page = await this.queries.execute(new ListStaffQuery({ limit: chunk.length, offset: 0 }, chunk));
      for (const s of page.items) map.set(s.id, s.fullName);
    }
    return map;
  }

  /** `rows` with `managerName` beside each `managerId` (null when unassigned or unknown). */
  async withManagerNames<T extends { managerId: string | null }>(
    rows: readonly T[],
  ): Promise<(T & { managerName: string | null })[]> {
    const names = await this.of(rows.map((r) => r.managerId));
    return rows.map((r) => ({ ...r, managerName: r.managerId ? (names.get(r.managerId) ?? null) : null }));
  }
}
