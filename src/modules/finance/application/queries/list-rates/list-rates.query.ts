import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { RateView } from '../../commands/record-rate/record-rate.command';

/** Stored rates, newest date first. */
export class ListRatesQuery extends Query<Page<RateView>> {
  constructor(
    readonly filters: { currency?: string; from?: string; to?: string },
    readonly window: PageWindow,
  ) {
    super();
  }
}
