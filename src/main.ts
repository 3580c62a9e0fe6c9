import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, configFromEnvironment } from './config/env';

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  app.getHttpServer().keepAliveTimeout = 65_000;
  const where = config.databaseUrl
    ? 'PostgreSQL from DATABASE_URL'
    : `the embedded database in ${config.dataDir}`;
  console.log(
    JSON.stringify({
      level: 'info',
      message: `Travel CRM listening on port ${config.port} (${where}); docs at ${config.publicBaseUrl}/docs`,
      timestamp: new Date().toISOString(),
    }),
  );
}

main().catch((err: unknown) => {
  const cause = err instanceof ConfigError ? err : (err as { cause?: unknown })?.cause;
  if (cause instanceof ConfigError) {
    console.error(cause.message);
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
  process.exit(1);
});
