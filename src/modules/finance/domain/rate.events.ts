import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';

/** A rate was entered by hand (entity `rate`, id `CUR:YYYY-MM-DD`). */
export class RateRecorded extends DomainEvent<{ currency: string; date: string; rate: string; diff: Diff }> {
  static readonly eventName = 'finance.rate-recorded';
  constructor(payload: { currency: string; date: string; rate: string; diff: Diff }) {
    super(RateRecorded.eventName, 'rate', null, 0, payload);
  }
}

/** A CBR daily file was imported. */
export class RatesImported extends DomainEvent<{ date: string; source: string; count: number; diff: Diff }> {
  static readonly eventName = 'finance.rates-imported';
  constructor(payload: { date: string; source: string; count: number; diff: Diff }) {
    super(RatesImported.eventName, 'rate', null, 0, payload);
  }
}
