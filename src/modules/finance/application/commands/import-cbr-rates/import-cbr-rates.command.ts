import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface ImportRatesResult {
  date: string;
  /** Rates written (new or changed CBR rates). */
  imported: number;
  /** Currencies left alone because someone entered that day's rate by hand. */
  keptManual: string[];
}

/** Imports a CBR daily file (bytes as served: windows-1251 XML). */
export class ImportCbrRatesCommand extends Command<ImportRatesResult> {
  constructor(
    readonly xml: Buffer,
    readonly actor: Actor,
  ) {
    super();
  }
}
