import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CROSS_BORDER_STORE, type CrossBorderStore } from '../../ports/cross-border-store.port';
import { ListTransfersQuery } from './list-transfers.query';

@QueryHandler(ListTransfersQuery)
export class ListTransfersHandler implements IQueryHandler<ListTransfersQuery> {
  constructor(@Inject(CROSS_BORDER_STORE) private readonly store: CrossBorderStore) {}

  execute({ filter }: ListTransfersQuery) {
    return this.store.transfers(filter);
  }
}
