import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CROSS_BORDER_STORE, type CrossBorderStore } from '../../ports/cross-border-store.port';
import { ListCountriesQuery } from './list-countries.query';

@QueryHandler(ListCountriesQuery)
export class ListCountriesHandler implements IQueryHandler<ListCountriesQuery> {
  constructor(@Inject(CROSS_BORDER_STORE) private readonly store: CrossBorderStore) {}

  async execute({ code }: ListCountriesQuery) {
    if (code === undefined) return this.store.countries();
    const c = await this.store.country(code);
    return c ? [c] : [];
  }
}
