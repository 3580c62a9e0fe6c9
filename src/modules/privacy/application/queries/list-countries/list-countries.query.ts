import { Query } from '@nestjs/cqrs';
import type { CountryView } from '../../ports/cross-border-store.port';

/** The agency's country list (one country when `code` is given; null when it is not on the list). */
export class ListCountriesQuery extends Query<CountryView[]> {
  constructor(readonly code?: string) {
    super();
  }
}
