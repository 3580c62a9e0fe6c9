import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetRateQuery } from '../../contracts/get-rate.query';
import type { Order } from '../../domain/order';
import type { ServiceChanges, ServiceInput } from '../../domain/service';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The calendar date in Moscow (UTC+3, no DST since 2014) of an ISO instant; null when not one. */
function moscowDay(iso: unknown): string | null {
  if (typeof iso !== 'string' || !ISO_WITH_OFFSET.test(iso)) return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : new Date(t + 3 * 3600_000).toISOString().slice(0, 10);
}

const code = (c: unknown) => (typeof c === 'string' ? c.trim().toUpperCase() : '');

/**
 * A foreign-currency service given without a rate takes the stored rate (finance's GetRateQuery,
 * never its tables) of the service's day: the Moscow date of `startAt`, the latest stored rate on
 * or before it — for a service still ahead that is the newest rate known when it is booked. The
 * rate is recorded on the service with its source (`cbr` / `manual`) and date. When none is
 * stored the input is left as it is and the domain answers 422 on `rate`.
 */
@Injectable()
export class ServiceRates {
  constructor(private readonly queries: QueryBus) {}

  async forNew(order: Order, input: ServiceInput): Promise<ServiceInput> {
    if (input.rate !== undefined && input.rate !== null) return input;
    const found = await this.lookup(code(input.currency), order.currency, input.startAt);
    return found ? { ...input, ...found } : input;
  }

  async forChanges(order: Order, serviceId: string, changes: ServiceChanges): Promise<ServiceChanges> {
    const current = order.services.find((s) => s.id === serviceId);
    if (!current) return changes;
    const currency = changes.currency !== undefined ? code(changes.currency) : current.currency;
    const rateCleared = changes.rate === null;
    const currencyChanged = changes.rate === undefined && currency !== current.currency;
    if (!rateCleared && !currencyChanged) return changes;
    const startAt = changes.startAt ?? current.startAt.toISOString();
    const found = await this.lookup(currency, order.currency, startAt);
    return found ? { ...changes, ...found } : changes;
  }

  private async lookup(
    currency: string,
    orderCurrency: string,
    startAt: unknown,
  ): Promise<Pick<ServiceInput, 'rate' | 'rateSource' | 'rateDate'> | null> {
    const day = moscowDay(startAt);
    if (!/^[A-Z]{3}$/.test(currency) || currency === orderCurrency || day === null) return null;
    const r = await this.queries.execute(new GetRateQuery(currency, orderCurrency, day));
    return r && { rate: r.rate, rateSource: r.source, rateDate: r.date };
  }
}
