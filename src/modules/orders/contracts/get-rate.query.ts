import { Query } from '@nestjs/cqrs';

/** A stored rate from one currency to another, as other modules may read it. */
export interface StoredRateView {
  /** Units of `to` per one unit of `from` (up to 8 decimals; a cross rate via RUB when neither is RUB). */
  rate: string;
  /** `cbr` when every rate used is the Central Bank's, `manual` when staff recorded one of them. */
  source: 'cbr' | 'manual';
  /** The date (YYYY-MM-DD) of the stored rate used. */
  date: string;
}

/**
 * The latest stored rate of `from` in `to` on or before `date` (YYYY-MM-DD, Moscow); null when none
 * is stored. Orders (a foreign-currency service without a rate) declares it and finance, which keeps
 * the rates, answers it: finance already depends on orders, so the query lives here, not there.
 */
export class GetRateQuery extends Query<StoredRateView | null> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly date: string,
  ) {
    super();
  }
}
