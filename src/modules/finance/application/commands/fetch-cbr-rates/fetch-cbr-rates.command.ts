import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ImportRatesResult } from '../import-cbr-rates/import-cbr-rates.command';

/** Downloads the CBR daily file of `date` (latest when omitted) from CBR_DAILY_URL and imports it. */
export class FetchCbrRatesCommand extends Command<ImportRatesResult> {
  constructor(
    readonly date: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
