import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, configFromEnvironment } from './config/env';

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const app = await createApp(config);
  // Graceful shutdown: stop accepting, let requests in flight finish, drain the outbox relay,
  // close the pool (and the embedded database), then exit 0. A second signal or 25 s forces exit.
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) process.exit(1);
    closing = true;
    console.log(
      JSON.stringify({
        level: 'info',
        message: `${signal} received, shutting down`,
        timestamp: new Date().toISOString(),
      }),
    );
    setTimeout(() => process.exit(1), 25_000).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen(config.port, '0.0.0.0');
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as { port: number }).port;
  const where = config.databaseUrl
    ? 'PostgreSQL from DATABASE_URL'
    : `the embedded database in ${config.dataDir}`;
  console.log(
    JSON.stringify({
      level: 'info',
      message: `Travel CRM listening on port ${port} (${where}); docs at ${config.publicBaseUrl}/docs`,
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
