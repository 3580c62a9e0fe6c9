import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf, sortClause } from '../../../../../shared/pagination/page';
import { accessOf, clientListItem, type ClientListItemView } from '../../client.view';
import { ClientPiiCodec } from '../../services/client-pii.codec';
import { likeEscape, searchText } from '../../services/search-text';
import { ListClientsQuery } from './list-clients.query';

const SORTABLE = { fullName: 'c.search_name', createdAt: 'c.created_at', updatedAt: 'c.updated_at' };

interface Row {
  id: string;
  fullName: string;
  latinName: string | null;
  pii: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  total: string;
}

@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ClientPiiCodec,
  ) {}

  async execute({ filter, window, viewer }: ListClientsQuery): Promise<Page<ClientListItemView>> {
    const where = ['c.deleted_at IS NULL', 'c.merged_into IS NULL'];
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const identifierIn = (pairs: Array<[string, string]>): string =>
      `SELECT client_id FROM client_identifiers WHERE (kind, hash) IN (${pairs
        .map(([k, h]) => `(${p(k)}, ${p(h)})`)
        .join(', ')})`;
    // an exact filter whose value cannot be an e-mail / phone / passport matches nothing
    const exact = (kind: string, hash: string | null): void => {
      where.push(hash === null ? 'false' : `c.id IN (${identifierIn([[kind, hash]])})`);
    };
    if (filter.email !== undefined) exact('email', this.codec.emailIndex(filter.email));
    if (filter.phone !== undefined) exact('phone', this.codec.phoneIndex(filter.phone));
    // a passport names its owner: only roles that may see passports may search by one
    const mayUsePassports = accessOf(viewer) === 'full';
    if (filter.passport !== undefined) {
      if (!mayUsePassports) {
        throw new DomainError(
          'COMMON.FORBIDDEN',
          'Searching by passport needs the clients.read-pii permission',
          {
            permission: 'clients.read-pii',
          },
        );
      }
      exact('passport', this.codec.passportIndex(filter.passport));
    }
    const q = filter.q?.trim();
    if (q) {
      const pairs: Array<[string, string]> = [];
      const email = this.codec.emailIndex(q);
      const phone = this.codec.phoneIndex(q);
      const passport = mayUsePassports && /\d/.test(q) ? this.codec.passportIndex(q) : null;
      if (email) pairs.push(['email', email]);
      if (phone) pairs.push(['phone', phone]);
      if (passport) pairs.push(['passport', passport]);
      // a UNION, so the trigram index serves the name and the primary key serves the blind indexes
      const byName = `SELECT id FROM clients WHERE deleted_at IS NULL AND merged_into IS NULL
                         AND search_name LIKE ${p(`%${likeEscape(searchText(q))}%`)}`;
      where.push(`c.id IN (${byName}${pairs.length > 0 ? ` UNION ${identifierIn(pairs)}` : ''})`);
    }
    const order = sortClause(filter.sort, SORTABLE, 'c.search_name', 'c.id');
    const rows = await this.uow.rows<Row>(
      `SELECT c.id, c.full_name AS "fullName", c.latin_name AS "latinName", c.pii,
              ${isoUtc('c.created_at')} AS "createdAt", ${isoUtc('c.updated_at')} AS "updatedAt", c.version,
              count(*) OVER () AS total
         FROM clients c
        WHERE ${where.join(' AND ')}
        ORDER BY ${order}
        LIMIT ${p(window.limit)} OFFSET ${p(window.offset)}`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && window.offset > 0) {
      const [r] = await this.uow.rows<{ n: string }>(
        `SELECT count(*) AS n FROM clients c WHERE ${where.join(' AND ')}`,
        params.slice(0, -2),
      );
      total = Number(r.n);
    }
    const access = accessOf(viewer);
    return pageOf(
      rows.map((r) => clientListItem(r, this.codec.open(r.id, r.pii), access)),
      total,
      window,
    );
  }
}
