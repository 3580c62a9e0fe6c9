import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type ConsentView, PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { ListConsentsQuery } from './list-consents.query';

@QueryHandler(ListConsentsQuery)
export class ListConsentsHandler implements IQueryHandler<ListConsentsQuery> {
  constructor(@Inject(PRIVACY_STORE) private readonly store: PrivacyStore) {}

  execute({ filter }: ListConsentsQuery): Promise<ConsentView[]> {
    return this.store.consents({ clientId: filter.clientId });
  }
}
