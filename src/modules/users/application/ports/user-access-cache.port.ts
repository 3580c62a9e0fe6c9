import type { UserAccess } from '../queries/get-user-access/get-user-access.query';

export const USER_ACCESS_CACHE = Symbol('USER_ACCESS_CACHE');

/** A short-lived cache of users' access records, dropped on every replica when a user changes. */
export interface UserAccessCache {
  /** The cached record of `id`, or `load()`'s answer (kept unless the user changed meanwhile). */
  get(id: string, load: () => Promise<UserAccess | null>): Promise<UserAccess | null>;
  /**
   * Full names of `ids` (deleted users too) from memory; `load` reads the ones not held (an id it
   * leaves out is remembered as unknown). Same lifetime and invalidation as the access records.
   */
  names(
    ids: readonly string[],
    load: (missing: string[]) => Promise<Map<string, string>>,
  ): Promise<Map<string, string>>;
  /** Forgets `id` in this process (other replicas learn it from the database's notification). */
  invalidate(id: string): void;
}
