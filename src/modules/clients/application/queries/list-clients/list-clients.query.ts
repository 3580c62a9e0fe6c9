import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { ClientListItemView } from '../../client.view';

export interface ListClientsFilter {
  /** Part of the name (Cyrillic or Latin, case- and ё/е-insensitive), or an exact e-mail, phone or passport. */
  q?: string;
  /** Exact e-mail (any case). */
  email?: string;
  /** Exact phone in any spelling. */
  phone?: string;
  /** Exact passport series and number (`4510 123456`). */
  passport?: string;
  sort?: string;
}

/** Live clients (not deleted, not merged away), with contacts and passports masked. */
export class ListClientsQuery extends Query<Page<ClientListItemView>> {
  constructor(
    readonly filter: ListClientsFilter,
    readonly window: PageWindow,
    readonly viewer: Actor,
  ) {
    super();
  }
}
