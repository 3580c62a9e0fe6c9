import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { isUuid } from '../../../../../shared/domain/uuid';
import { maskedPassports } from '../../client.view';
import { ClientPiiCodec } from '../../services/client-pii.codec';
import { type ClientSummary, GetClientSummariesQuery } from './get-client-summaries.query';

/**
 * For other modules (orders: does the payer / traveller exist, do their passports expire before the
 * trip). Deleted clients are absent; tombstones are present with `mergedInto`. Passport numbers are
 * masked: no full personal data leaves the clients module this way.
 */
@QueryHandler(GetClientSummariesQuery)
export class GetClientSummariesHandler implements IQueryHandler<GetClientSummariesQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ClientPiiCodec,
  ) {}

  async execute({ ids, committed }: GetClientSummariesQuery): Promise<ClientSummary[]> {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return [];
    // on every service change of an order (its travellers' passports): a named statement, on a
    // shared read lane when the caller's transaction has not written them
    const read = committed ? this.uow.committedRows.bind(this.uow) : this.uow.preparedRows.bind(this.uow);
    const rows = await read<{
      id: string;
      fullName: string;
      mergedInto: string | null;
      pii: string | null;
    }>(
      'clients.summaries',
      `SELECT id, full_name AS "fullName", merged_into AS "mergedInto", pii
         FROM clients WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
      [wanted],
    );
    return rows.map((r) => ({
      id: r.id,
      fullName: r.fullName,
      mergedInto: r.mergedInto,
      passports: maskedPassports(this.codec.open(r.id, r.pii)).map((p) => ({
        kind: p.kind,
        expiresAt: p.expiresAt,
        numberMasked: p.numberMasked,
      })),
    }));
  }
}
