import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { RatesImported } from '../../../domain/rate.events';
import { RATE_REPOSITORY, type RateRepository } from '../../../domain/rate.repository.port';
import { CbrFormatError, parseCbrDaily } from '../../services/cbr-daily.parser';
import { ImportCbrRatesCommand, type ImportRatesResult } from './import-cbr-rates.command';

@CommandHandler(ImportCbrRatesCommand)
export class ImportCbrRatesHandler implements ICommandHandler<ImportCbrRatesCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(RATE_REPOSITORY) private readonly rateRepository: RateRepository,
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
      const written = await this.rateRepository.importCbr(date, rates, actor.userId);
      const manual = await this.rateRepository.manualOn(
        date,
        rates.map((r) => r.currency),
      );
      await this.outbox.append(
        [
          new RatesImported({
            date,
            source: 'cbr',
            count: written.length,
            diff: { rates: { from: null, to: [...written].sort() } },
          }),
        ],
        actor,
      );
      return { date, imported: written.length, keptManual: manual };
    });
  }
}
