import { rateString } from '../../../../shared/domain/money';
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { ValidationError } from '../../../../shared/domain/domain-error';
import type { FixedRate } from '../../domain/payment';
import { RATE_REPOSITORY, type RateRepository, type StoredRubRate } from '../../domain/rate.repository.port';

/** A stored rate from one currency to another and where it came from. */
export interface StoredRate {
  rate: string;
  source: 'manual' | 'cbr';
  date: string;
}

/** Rates are roubles per one unit of a currency, per (Moscow) date. */
@Injectable()
export class RateBook {
  constructor(@Inject(RATE_REPOSITORY) private readonly rates: RateRepository) {}

  /** The latest stored rate of `currency` on or before `date` (YYYY-MM-DD); RUB is always 1. */
  async rubPer(currency: string, date: string): Promise<StoredRubRate | null> {
    if (currency === 'RUB') return { rate: '1', date, source: 'cbr' };
    return this.rates.latestOnOrBefore(currency, date);
  }

  /**
   * The latest stored rate from `currency` to `target` on or before `day` (YYYY-MM-DD): a cross
   * rate via RUB when neither is RUB (8 decimals, half to even); null when either is not stored.
   */
  async stored(currency: string, target: string, day: string): Promise<StoredRate | null> {
    const [from, to] = [await this.rubPer(currency, day), await this.rubPer(target, day)];
    if (!from || !to) return null;
    const rate = rateString(new Decimal(from.rate).div(to.rate));
    const source = from.source === 'manual' || to.source === 'manual' ? 'manual' : 'cbr';
    return { rate, source, date: currency === 'RUB' ? to.date : from.date };
  }

  /**
   * The rate from `currency` to `orderCurrency` fixed for a payment at `paidAt`: 1 when they are the
   * same, the given one (`manual`), or the stored rates of the day in Moscow (cross rate via RUB).
   */
  async fix(
    currency: string,
    orderCurrency: string,
    paidAt: Date,
    manual?: string | null,
  ): Promise<FixedRate> {
    if (currency === orderCurrency) {
      if (manual && !new Decimal(manual).eq(1)) {
        throw ValidationError.field('rate', 'the payment is in the order currency; its rate is 1');
      }
      return { rate: '1', source: 'parity', date: null };
    }
    if (manual) {
      if (new Decimal(manual).lte(0)) throw ValidationError.field('rate', 'rate must be greater than 0');
      return { rate: manual, source: 'manual', date: null };
    }
    const day = moscowDate(paidAt);
    const stored = await this.stored(currency, orderCurrency, day);
    if (!stored) {
      const missing = !(await this.rubPer(currency, day)) ? currency : orderCurrency;
      throw ValidationError.field(
        'rate',
        `no ${missing} rate on or before ${day}; give the rate or import rates`,
      );
    }
    return stored;
  }
}

/** The calendar date in Moscow (UTC+3, no DST since 2014) of an instant. */
export function moscowDate(at: Date): string {
  return new Date(at.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}
