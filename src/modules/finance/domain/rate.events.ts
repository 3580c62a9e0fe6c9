import { DomainEvent } from '../../../shared/domain/domain-event';
import type { Unversioned } from '../../../shared/domain/event-contract';
import { FINANCE_EVENTS, type RateRecordedV1, type RatesImportedV1 } from '../contracts/finance.events';

/** A rate was entered by hand (entity `rate`, id `CUR:YYYY-MM-DD`). */
export class RateRecorded extends DomainEvent<Unversioned<RateRecordedV1>> {
  static readonly eventName = FINANCE_EVENTS.rateRecorded;
  constructor(payload: Unversioned<RateRecordedV1>) {
    super(RateRecorded.eventName, 'rate', null, 0, payload);
  }
}

/** A CBR daily file was imported. */
export class RatesImported extends DomainEvent<Unversioned<RatesImportedV1>> {
  static readonly eventName = FINANCE_EVENTS.ratesImported;
  constructor(payload: Unversioned<RatesImportedV1>) {
    super(RatesImported.eventName, 'rate', null, 0, payload);
  }
}
