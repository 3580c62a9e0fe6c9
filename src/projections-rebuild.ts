import 'reflect-metadata';
import { Client } from 'pg';
import { ConfigError } from './config/app-config';
import { configFromEnvironment } from './config/env';
import { rebuildTimeline } from './modules/timeline/infrastructure/sql-timeline.store';

const PROJECTIONS: Record<string, (db: Client) => Promise<number>> = {
  timeline: rebuildTimeline,
};

/**
 * `npm run projections:rebuild <name>` (ts-node) or, in the built image, `node dist/projections-rebuild.js <name>`:
 * rebuilds a read model from the outbox history.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  const rebuild = name ? PROJECTIONS[name] : undefined;
  if (!rebuild) {
    console.error(`usage: npm run projections:rebuild <${Object.keys(PROJECTIONS).join('|')}>`);
    process.exit(2);
  }
  const config = configFromEnvironment();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required to rebuild projections');
  const db = new Client({ connectionString: config.databaseUrl, application_name: 'travel-crm-rebuild' });
  await db.connect();
  try {
    const rows = await rebuild(db);
    process.stdout.write(`rebuilt ${name}: ${rows} rows\n`);
  } finally {
    await db.end();
  }
}

export function projectionsRebuildCli(): void {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

if (require.main === module) projectionsRebuildCli();
