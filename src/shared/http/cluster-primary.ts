import cluster, { type Worker } from 'node:cluster';
import {
  BACKGROUND_READY_MESSAGE,
  isOutboxCommitted,
  PROCESS_ROLE_ENV,
  type ProcessRole,
} from '../runtime/process-role';

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
 * workers and exits 1.
 *
 * With `separateBackground` one more worker runs the background work (outbox relay, pollers,
 * schedulers) and does not listen; the web workers send it the ids of the events they commit
 * through this process (the relay's after-commit path), and it is stopped after the web workers,
 * so it delivers what they committed last. Without it, every worker runs the background work.
 * Either way the work is claimed with row locks (SKIP LOCKED), leases and advisory locks, as
 * across replicas: a dead background worker's events are delivered by its successor's poller.
 */
export function runClusterPrimary(
  count: number,
  drainSeconds: number,
  log: Log,
  separateBackground = false,
): void {
  let stopping = false;
  let failures = 0;
  let crashes = 0;
  // workers that listen (or, the background one, said they are ready) have their shutdown
  // handler; one still booting may not have it yet
  const ready = new Set<number>();
  const stoppedWhileBooting = new Set<number>();
  cluster.on('listening', (w) => ready.add(w.id));
  const started = new Map<number, number>();
  const roles = new Map<number, ProcessRole>();
  let background: Worker | null = null;

  const fork = (role: ProcessRole): Worker => {
    const w = cluster.fork({ [PROCESS_ROLE_ENV]: role });
    started.set(w.id, Date.now());
    roles.set(w.id, role);
    if (role === 'background') background = w;
    w.on('message', (m: unknown) => {
      if (m === BACKGROUND_READY_MESSAGE) ready.add(w.id);
      // a web worker's committed events, for the background worker's after-commit path (while it
      // is down they wait in the table for its successor's poller)
      else if (isOutboxCommitted(m) && background?.isConnected()) background.send(m);
    });
    log('info', `${role === 'background' ? 'background worker' : 'worker'} ${w.process.pid} started`);
    return w;
  };

  const webWorkers = (): Worker[] =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && roles.get(w.id) !== 'background');

  const stop = (w: Worker): void => {
    if (ready.has(w.id) && w.isConnected()) {
      w.send(SHUTDOWN_MESSAGE);
    } else {
      // nothing to drain: a booting worker is stopped by the signal (its handler, if
      // registered yet, exits 0; otherwise the signal ends it)
      stoppedWhileBooting.add(w.id);
      w.process.kill('SIGTERM');
    }
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    const role = roles.get(worker.id) ?? 'web';
    started.delete(worker.id);
    ready.delete(worker.id);
    roles.delete(worker.id);
    if (background === worker) background = null;
    if (stopping) {
      if (code !== 0 && !stoppedWhileBooting.has(worker.id)) failures += 1;
      // the background worker goes last: it delivers what the web workers committed until the end
      if (background && webWorkers().length === 0) stop(background);
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
      `${role === 'background' ? 'background worker' : 'worker'} ${worker.process.pid} exited (${signal ?? `code ${code}`}) after ${Math.round(lived / 1000)} s; starting another${delay ? ` in ${delay} ms` : ''}`,
    );
    setTimeout(() => {
      if (!stopping) fork(role);
    }, delay);
  });

  const shutdown = (signal: string): void => {
    if (stopping) {
      log('warn', `${signal} again: killing the workers`);
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    const workers = webWorkers();
    log('info', `${signal} received, draining ${workers.length} worker(s)`);
    if (workers.length === 0 && !background) process.exit(0);
    if (workers.length === 0 && background) stop(background);
    for (const w of workers) stop(w);
    // the workers' own deadline is drain + 15 s; this one is a last resort
    setTimeout(
      () => {
        log('error', 'workers did not stop in time: killing them');
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        process.exit(1);
      },
      (drainSeconds + 45) * 1000,
    ).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  log(
    'info',
    `primary ${process.pid} starting ${count} workers${separateBackground ? ' and a background worker' : ''}`,
  );
  for (let i = 0; i < count; i++) fork(separateBackground ? 'web' : 'all');
  if (separateBackground) fork('background');
}
