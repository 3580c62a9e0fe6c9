import cluster, { type Worker } from 'node:cluster';

/** The IPC message the primary sends its workers to drain and exit (instead of a second signal). */
export const SHUTDOWN_MESSAGE = 'crm:shutdown';

type Log = (level: string, message: string) => void;

/** A worker that dies sooner than this after its start counts as a crash loop (back-off grows). */
const STABLE_MS = 10_000;
const RESTART_MAX_DELAY_MS = 10_000;

/**
 * WEB_CONCURRENCY > 1: this process only supervises. It forks `count` workers that run the whole
 * app and listen on the same port (node:cluster hands connections out round-robin), restarts a
 * worker that exits unexpectedly (with growing back-off while they keep crashing at start), and
 * on SIGTERM/SIGINT tells every worker to drain (each runs the graceful shutdown of a single
 * process) and exits when all have: 0 if every worker exited 0, else 1. A second signal kills the
 * workers and exits 1. Background work (outbox relay, pollers, schedulers) runs in every worker;
 * it claims work with row locks (SKIP LOCKED), leases and advisory locks, as across replicas.
 */
export function runClusterPrimary(count: number, drainSeconds: number, log: Log): void {
  let stopping = false;
  let failures = 0;
  let crashes = 0;
  // workers that listen have their shutdown handler; one still booting may not have it yet
  const listening = new Set<number>();
  const stoppedWhileBooting = new Set<number>();
  cluster.on('listening', (w) => listening.add(w.id));
  const started = new Map<number, number>();

  const fork = (): Worker => {
    const w = cluster.fork();
    started.set(w.id, Date.now());
    log('info', `worker ${w.process.pid} started`);
    return w;
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    listening.delete(worker.id);
    if (stopping) {
      if (code !== 0 && !stoppedWhileBooting.has(worker.id)) failures += 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        log(failures ? 'warn' : 'info', `all workers stopped${failures ? ` (${failures} not cleanly)` : ''}`);
        process.exit(failures ? 1 : 0);
      }
      return;
    }
    crashes = lived < STABLE_MS ? crashes + 1 : 0;
    const delay = crashes ? Math.min(250 * 2 ** (crashes - 1), RESTART_MAX_DELAY_MS) : 0;
    log(
      'warn',
      `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) after ${Math.round(lived / 1000)} s; starting another${delay ? ` in ${delay} ms` : ''}`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  const shutdown = (signal: string): void => {
    if (stopping) {
      log('warn', `${signal} again: killing the workers`);
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    log('info', `${signal} received, draining ${workers.length} worker(s)`);
    if (workers.length === 0) process.exit(0);
    for (const w of workers) {
      if (listening.has(w.id) && w.isConnected()) {
        w.send(SHUTDOWN_MESSAGE);
      } else {
        // nothing to drain: a booting worker is stopped by the signal (its handler, if
        // registered yet, exits 0; otherwise the signal ends it)
        stoppedWhileBooting.add(w.id);
        w.process.kill('SIGTERM');
      }
    }
    // the workers' own deadline is drain + 15 s; this one is a last resort
    setTimeout(
      () => {
        log('error', 'workers did not stop in time: killing them');
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        process.exit(1);
      },
      (drainSeconds + 30) * 1000,
    ).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  log('info', `primary ${process.pid} starting ${count} workers`);
  for (let i = 0; i < count; i++) fork();
}
