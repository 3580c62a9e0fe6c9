export const RATE_REPOSITORY = Symbol('RATE_REPOSITORY');

/** A stored rate: roubles per one unit of a currency on a (Moscow) date, and where it came from. */
export interface StoredRubRate {
  rate: string;
  /** YYYY-MM-DD */
  date: string;
  source: 'manual' | 'cbr';
}

/** The rates table: one rate per (currency, date); a hand-entered rate wins over the CBR's. */
export interface RateRepository {
  /** The latest stored rate of `currency` on or before `date` (YYYY-MM-DD); null when there is none. */
  latestOnOrBefore(currency: string, date: string): Promise<StoredRubRate | null>;
  /** Locks the rate of the day until the transaction ends; its value, or null when none is stored. */
  lockRate(currency: string, date: string): Promise<string | null>;
  /** Stores a hand-entered rate of the day, replacing whatever was stored. */
  saveManual(currency: string, date: string, rate: string, by: string | null): Promise<void>;
  /**
   * Stores the CBR rates of a day in one statement, never over a hand-entered one and leaving an
   * unchanged one alone; the currencies written (new or changed).
   */
  importCbr(
    date: string,
    rates: ReadonlyArray<{ currency: string; rate: string }>,
    by: string | null,
  ): Promise<string[]>;
  /** Those of `currencies` whose rate of `date` was entered by hand, in order. */
  manualOn(date: string, currencies: string[]): Promise<string[]>;
}
