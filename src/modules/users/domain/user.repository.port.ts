import type { User } from './user';

export const USER_REPOSITORY = Symbol('USER_REPOSITORY');

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  /** Active or disabled, not deleted. */
  findByEmail(email: string): Promise<User | null>;
  count(): Promise<number>;
  /**
   * Serialises the creation of the first administrator until the transaction ends (replicas
   * starting together: the first one wins, the others then see a user). Needs a transaction.
   */
  lockInitialAdmin(): Promise<void>;
  insert(user: User): Promise<void>;
  /** Optimistic update: fails with ConcurrencyError unless the stored version equals `user.version`. */
  update(user: User): Promise<void>;
}
