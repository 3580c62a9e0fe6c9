import { Query } from '@nestjs/cqrs';

export interface ClientPassportSummary {
  kind: 'internal' | 'foreign';
  /** ISO date (YYYY-MM-DD) or null when the document does not expire. */
  expiresAt: string | null;
  /** e.g. `45 ** ***123` — never the full number. */
  numberMasked: string;
}

export interface ClientSummary {
  id: string;
  fullName: string;
  /** Set when this client was merged into another (a tombstone): the survivor's id. */
  mergedInto: string | null;
  passports: ClientPassportSummary[];
}

/**
 * Contract used by other modules (orders: payer/traveller existence and passport-expiry checks).
 * Returns the clients found among `ids` (unknown ids are simply absent), no full personal data.
 */
export class GetClientSummariesQuery extends Query<ClientSummary[]> {
  /**
   * `committed`: the caller's transaction has not written these clients (a service change of an
   * order reading its travellers' passports), so the read may go out on a shared read lane with
   * other requests' reads instead of on the transaction's connection.
   */
  constructor(
    readonly ids: readonly string[],
    readonly committed = false,
  ) {
    super();
  }
}
