import type { Application } from './application';

export const APPLICATION_REPOSITORY = Symbol('APPLICATION_REPOSITORY');

export interface ApplicationRepository {
  findById(id: string): Promise<Application | null>;
  /** Same, locking the row until the transaction ends. */
  findByIdForUpdate(id: string): Promise<Application | null>;
  /** Applications linked to `clientId`, locked until the transaction ends (client merge). */
  findByClientForUpdate(clientId: string): Promise<Application[]>;
  /** The next number of `year` (locks the year's counter until the transaction ends: gap-free). */
  nextNumber(year: number): Promise<string>;
  insert(application: Application): Promise<void>;
  /** Optimistic update: ConcurrencyError unless the stored version equals `application.version`. */
  update(application: Application): Promise<void>;
}
