import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import Decimal from 'decimal.js';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { rateString } from '../../../../../shared/domain/money';
import { RateRecorded } from '../../../domain/rate.events';
import { RATE_REPOSITORY, type RateRepository } from '../../../domain/rate.repository.port';
import { RecordRateCommand, type RateView } from './record-rate.command';

@CommandHandler(RecordRateCommand)
export class RecordRateHandler implements ICommandHandler<RecordRateCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(RATE_REPOSITORY) private readonly rates: RateRepository,
  ) {}

  async execute({ currency, date, rate, actor }: RecordRateCommand): Promise<RateView> {
    const cur = currency.toUpperCase();
    if (cur === 'RUB')
      throw ValidationError.field('currency', 'RUB is the base currency; its rate is always 1');
    if (new Decimal(rate).lte(0)) throw ValidationError.field('rate', 'rate must be greater than 0');
    const value = rateString(rate);
    return this.uow.run(async () => {
      const before = await this.rates.lockRate(cur, date);
      await this.rates.saveManual(cur, date, value, actor.userId);
      await this.outbox.append(
        [
          new RateRecorded({
            currency: cur,
            date,
            rate: value,
            diff: { rate: { from: before !== null ? rateString(before) : null, to: value } },
          }),
        ],
        actor,
      );
      return { currency: cur, date, rate: value, source: 'manual' };
    });
  }
}
