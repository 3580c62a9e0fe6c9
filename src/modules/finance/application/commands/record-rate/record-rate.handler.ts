import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import Decimal from 'decimal.js';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { rateString } from '../../../../../shared/domain/money';
import { RateRecorded } from '../../../domain/rate.events';
import { RecordRateCommand, type RateView } from './record-rate.command';

@CommandHandler(RecordRateCommand)
export class RecordRateHandler implements ICommandHandler<RecordRateCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ currency, date, rate, actor }: RecordRateCommand): Promise<RateView> {
    const cur = currency.toUpperCase();
    if (cur === 'RUB')
      throw ValidationError.field('currency', 'RUB is the base currency; its rate is always 1');
    if (new Decimal(rate).lte(0)) throw ValidationError.field('rate', 'rate must be greater than 0');
    const value = rateString(rate);
    return this.uow.run(async () => {
      const [before] = await this.uow.rows<{ rate: string }>(
        `SELECT rate::text FROM rates WHERE currency = $1 AND date = $2 FOR UPDATE`,
        [cur, date],
      );
      await this.uow.sql(
        `INSERT INTO rates (currency, date, rate, source, created_by) VALUES ($1, $2, $3, 'manual', $4)
         ON CONFLICT (currency, date) DO UPDATE SET rate = EXCLUDED.rate, source = 'manual',
           created_by = EXCLUDED.created_by, created_at = now()`,
        [cur, date, value, actor.userId],
      );
      await this.outbox.append(
        [
          new RateRecorded({
            currency: cur,
            date,
            rate: value,
            diff: { rate: { from: before ? rateString(before.rate) : null, to: value } },
          }),
        ],
        actor,
      );
      return { currency: cur, date, rate: value, source: 'manual' };
    });
  }
}
