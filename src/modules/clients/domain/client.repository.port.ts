import type { Client, ClientIdentifier } from './client';

export const CLIENT_REPOSITORY = Symbol('CLIENT_REPOSITORY');

/** A live client that already holds one of the identifiers looked up. */
export interface IdentifierMatch {
  clientId: string;
  identifier: ClientIdentifier;
}

export interface ClientRepository {
  /** Any client, including deleted ones and tombstones. */
  findById(id: string): Promise<Client | null>;
  /** Same, locking the row until the transaction ends. */
  findByIdForUpdate(id: string): Promise<Client | null>;
  /**
   * Serialises writers that touch the same identifiers until the transaction ends, so two
   * concurrent writes of one phone cannot both pass the duplicate check.
   */
  lockIdentifiers(identifiers: readonly ClientIdentifier[]): Promise<void>;
  /** Live clients (not `excludeId`) holding any of `identifiers`, through the blind indexes. */
  findMatches(identifiers: readonly ClientIdentifier[], excludeId?: string): Promise<IdentifierMatch[]>;
  insert(client: Client): Promise<void>;
  /** Several new clients in one statement per table (bulk import). */
  insertMany(clients: readonly Client[]): Promise<void>;
  /** Optimistic update: ConcurrencyError unless the stored version equals `client.version`. */
  update(client: Client): Promise<void>;
}
