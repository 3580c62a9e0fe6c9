import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { CommandBus } from '@nestjs/cqrs';
import { createApp } from './bootstrap';
import { configFromEnvironment } from './config/env';
import { FetchCbrRatesCommand } from './modules/finance/application/commands/fetch-cbr-rates/fetch-cbr-rates.command';
import {
  ImportCbrRatesCommand,
  type ImportRatesResult,
} from './modules/finance/application/commands/import-cbr-rates/import-cbr-rates.command';
import { SYSTEM_ACTOR } from './shared/domain/actor';

/**
 * `npm run rates:import -- file.xml` imports a saved CBR daily file (XML_daily.asp, windows-1251);
 * `npm run rates:import -- --fetch [YYYY-MM-DD]` downloads it from CBR_DAILY_URL first. Runs through
 * the same command as the API, so the import is audited. The built image runs `node dist/rates-import.js`.
 */
async function main(): Promise<void> {
  const [arg, date] = process.argv.slice(2);
  if (!arg) {
    console.error('usage: npm run rates:import -- <file.xml> | --fetch [YYYY-MM-DD]');
    process.exit(2);
  }
  const app = await createApp(configFromEnvironment(), { console: false, sink: () => undefined });
  await app.init();
  try {
    const bus = app.get(CommandBus);
    const result: ImportRatesResult =
      arg === '--fetch'
        ? await bus.execute(new FetchCbrRatesCommand(date, SYSTEM_ACTOR))
        : await bus.execute(new ImportCbrRatesCommand(readFileSync(arg), SYSTEM_ACTOR));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await app.close();
  }
}

export function ratesImportCli(): void {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

if (require.main === module) ratesImportCli();
