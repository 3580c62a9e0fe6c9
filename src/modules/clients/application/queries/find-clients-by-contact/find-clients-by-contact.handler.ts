import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ClientPiiCodec } from '../../services/client-pii.codec';
import { type ContactMatch, FindClientsByContactQuery } from './find-clients-by-contact.query';

@QueryHandler(FindClientsByContactQuery)
export class FindClientsByContactHandler implements IQueryHandler<FindClientsByContactQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ClientPiiCodec,
  ) {}

  async execute({ contact }: FindClientsByContactQuery): Promise<ContactMatch[]> {
    const kinds: string[] = [];
    const hashes: string[] = [];
    const add = (kind: string, hash: string | null): void => {
      if (hash === null) return;
      kinds.push(kind);
      hashes.push(hash);
    };
    for (const e of contact.emails ?? []) add('email', this.codec.emailIndex(e));
    for (const ph of contact.phones ?? []) add('phone', this.codec.phoneIndex(ph));
    if (kinds.length === 0) return [];
    return this.uow.preparedRows<ContactMatch>(
      'clients.find-by-contact',
      `SELECT DISTINCT ci.client_id AS "clientId", ci.kind AS field
         FROM client_identifiers ci
         JOIN unnest($1::text[], $2::text[]) AS k(kind, hash) ON k.kind = ci.kind AND k.hash = ci.hash
        ORDER BY 1, 2`,
      [kinds, hashes],
    );
  }
}
