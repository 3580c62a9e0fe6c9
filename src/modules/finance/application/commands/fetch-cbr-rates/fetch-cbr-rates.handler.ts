import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CBR_DAILY_SOURCE, type CbrDailySource } from '../../ports/cbr-daily-source.port';
import { ImportCbrRatesCommand, type ImportRatesResult } from '../import-cbr-rates/import-cbr-rates.command';
import { FetchCbrRatesCommand } from './fetch-cbr-rates.command';

@CommandHandler(FetchCbrRatesCommand)
export class FetchCbrRatesHandler implements ICommandHandler<FetchCbrRatesCommand> {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CBR_DAILY_SOURCE) private readonly source: CbrDailySource,
  ) {}

  async execute({ date, actor }: FetchCbrRatesCommand): Promise<ImportRatesResult> {
    const xml = await this.source.fetch(date);
    return this.commands.execute(new ImportCbrRatesCommand(xml, actor));
  }
}
