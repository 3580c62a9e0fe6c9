import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { moscowDay } from '../../../domain/production-calendar';
import { PRIVACY_STORE, type PrivacyStore, type RequestView } from '../../ports/privacy-store.port';
import { ListRequestsQuery } from './list-requests.query';

@QueryHandler(ListRequestsQuery)
export class ListRequestsHandler implements IQueryHandler<ListRequestsQuery> {
  constructor(@Inject(PRIVACY_STORE) private readonly store: PrivacyStore) {}

  execute({ filter }: ListRequestsQuery): Promise<RequestView[]> {
    return this.store.requests({ ...filter, today: moscowDay(new Date()) });
  }
}
