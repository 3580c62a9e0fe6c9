import 'reflect-metadata';
import cluster from 'node:cluster';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Server } from 'node:http';
import { ConfigError, configFromEnvironment } from './config/env';
import { lockDataDir } from './shared/database/embedded-postgres';
import { assertDatabaseReachable, StartupError } from './shared/database/startup-error';
import { runClusterPrimary, SHUTDOWN_MESSAGE } from './shared/http/cluster-primary';
import { HttpDrain } from './shared/http/graceful-shutdown';
import { applyHeapGrowth } from './shared/runtime/heap-growth';
import { BACKGROUND_READY_MESSAGE } from './shared/runtime/process-role';

/**
 * The background worker's nice value, on every thread it has (Linux applies it per thread; threads
 * started later inherit it from the thread that starts them).
 */
function lowerPriority(nice: number): void {
  let threads: string[] = [];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    threads = ['0'];
  }
  for (const tid of threads) {
    try {
      setPriority(Number(tid), nice);
    } catch {
      // a thread that ended meanwhile, or a platform without per-thread priorities
    }
  }
}

function log(level: string, message: string): void {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString() }));
}

async function main(): Promise<void> {
  const config = configFromEnvironment();
  // before the app is loaded: the heap's growth policy, and the one bulk work runs under (every
  // cluster worker applies its own)
  applyHeapGrowth(config.heapGrowingPercent, process.execArgv, undefined, config.bulkHeapGrowingPercent);
  if (cluster.isPrimary && config.webConcurrency > 1) {
    // the embedded database is one PostgreSQL session in this process, locked to it
    if (!config.databaseUrl) {
      throw new StartupError(
        'WEB_CONCURRENCY > 1 needs DATABASE_URL: the embedded database serves one process (unset WEB_CONCURRENCY or set DATABASE_URL)',
      );
    }
    // Telegram allows one getUpdates consumer per bot
    if (config.telegramUpdates === 'polling') {
      throw new StartupError(
        'WEB_CONCURRENCY > 1 needs TELEGRAM_UPDATES=webhook: Telegram allows one getUpdates consumer per bot',
      );
    }
    await assertDatabaseReachable(config.databaseUrl);
    runClusterPrimary(
      config.webConcurrency,
      config.shutdownDrainSeconds,
      log,
      config.cluster.background === 'separate',
    );
    return;
  }
  // a worker told to stop while it is still starting (nothing to drain yet) just exits; a single
  // process fails in one line before building anything: the database cannot be reached, or
  // another process already runs the embedded database of this DATA_DIR
  let stopRequested: ((reason: string) => void) | null = null;
  if (cluster.isWorker) {
    // the primary coordinates: it asks over IPC (a Ctrl-C reaches the whole process group, and a
    // second signal would mean "force"); a worker whose primary is gone drains and exits too
    const stop = (reason: string): void => (stopRequested ? stopRequested(reason) : process.exit(0));
    process.on('message', (m) => {
      if (m === SHUTDOWN_MESSAGE) stop('shutdown from the primary');
    });
    process.once('disconnect', () => stop('primary gone'));
    process.on('SIGINT', () => undefined);
    process.once('SIGTERM', () => stop('SIGTERM'));
  } else if (config.databaseUrl) await assertDatabaseReachable(config.databaseUrl);
  else lockDataDir(config.dataDir);
  const background = config.processRole === 'background';
  if (background) lowerPriority(config.cluster.backgroundNice);
  // loaded only now, so that the checks above answer in a moment instead of after loading the app
  const { createApp } = await import('./bootstrap');
  const app = await createApp(config);
  const drain = new HttpDrain();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', drain.hook());
  if (cluster.isWorker && config.nodeEnv !== 'production') {
    // which worker answered (development and tests only: a pid is nobody's business in production)
    fastify.addHook('onRequest', (_req, reply, done) => {
      reply.header('X-Worker-Pid', String(process.pid));
      done();
    });
  }
  let server: Server | null = null;
  // Graceful shutdown: stop accepting, answer `Connection: close`, let requests in flight
  // finish (up to SHUTDOWN_DRAIN_SECONDS), and only then close the PDF workers, the outbox
  // relay and the pool (Nest shutdown hooks); exit 0. A second signal forces exit 1.
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) process.exit(1);
    closing = true;
    const deadlineMs = config.shutdownDrainSeconds * 1000;
    // the cluster's background worker has no HTTP: it stops after the web workers (the primary
    // asks it last) and delivers what is in flight (Nest shutdown hooks)
    log(
      'info',
      background
        ? `${signal}: stopping the background work`
        : `${signal} received, draining ${drain.inFlight} request(s) in flight`,
    );
    setTimeout(() => process.exit(1), deadlineMs + 15_000).unref();
    try {
      if (server) {
        const r = await drain.drain(server, deadlineMs);
        log(
          r.drained ? 'info' : 'warn',
          `HTTP drained: ${drain.answeredWhileDraining} request(s) answered during the drain, ${r.cut} cut`,
        );
      }
      await app.close();
      log('info', 'shut down cleanly');
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  };
  if (cluster.isWorker) {
    stopRequested = (reason) => void shutdown(reason);
  } else {
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  }
  if (background) {
    await app.init();
    lowerPriority(config.cluster.backgroundNice);
    process.send?.(BACKGROUND_READY_MESSAGE);
    log('info', `background worker ${process.pid} running (nice ${config.cluster.backgroundNice})`);
    return;
  }
  await app.listen(config.port, '0.0.0.0');
  server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as { port: number }).port;
  const where = config.databaseUrl
    ? 'PostgreSQL from DATABASE_URL'
    : `the embedded database in ${config.dataDir}`;
  log('info', `Travel CRM listening on port ${port} (${where}); docs at ${config.publicBaseUrl}/docs`);
}

main().catch((err: unknown) => {
  const cause = err instanceof ConfigError ? err : (err as { cause?: unknown })?.cause;
  if (err instanceof StartupError) {
    console.error(err.message);
  } else if (cause instanceof ConfigError) {
    console.error(cause.message);
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
  process.exit(1);
});
