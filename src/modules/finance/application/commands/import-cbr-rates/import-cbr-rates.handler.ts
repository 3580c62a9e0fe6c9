import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { RatesImported } from '../../../domain/rate.events';
import { CbrFormatError, parseCbrDaily } from '../../services/cbr-daily.parser';
import { ImportCbrRatesCommand, type ImportRatesResult } from './import-cbr-rates.command';

@CommandHandler(ImportCbrRatesCommand)
export class ImportCbrRatesHandler implements ICommandHandler<ImportCbrRatesCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ xml, actor }: ImportCbrRatesCommand): Promise<ImportRatesResult> {
    let daily;
    try {
      daily = parseCbrDaily(xml);
    } catch (err) {
      if (err instanceof CbrFormatError) throw ValidationError.field('file', err.message);
      throw err;
    }
    const { date, rates } = daily;
    return this.uow.run(async () => {
      // a hand-entered rate of the day wins over the CBR's; re-importing the same file changes nothing
      const written = await this.uow.rows<{ currency: string }>(
        `INSERT INTO rates (currency, date, rate, source, created_by)
         SELECT c, $1::date, r, 'cbr', $4 FROM unnest($2::text[], $3::numeric[]) AS x(c, r)
         ON CONFLICT (currency, date) DO UPDATE SET rate = EXCLUDED.rate, created_at = now()
           WHERE rates.source = 'cbr' AND rates.rate <> EXCLUDED.rate
         RETURNING currency`,
        [date, rates.map((r) => r.currency), rates.map((r) => r.rate), actor.userId],
      );
      const manual = await this.uow.rows<{ currency: string }>(
        `SELECT currency FROM rates WHERE date = $1 AND source = 'manual' AND currency = ANY($2) ORDER BY currency`,
        [date, rates.map((r) => r.currency)],
      );
      await this.outbox.append(
        [
          new RatesImported({
            date,
            source: 'cbr',
            count: written.length,
            diff: { rates: { from: null, to: written.map((w) => w.currency.trim()).sort() } },
          }),
        ],
        actor,
      );
      return { date, imported: written.length, keptManual: manual.map((m) => m.currency.trim()) };
    });
  }
}
