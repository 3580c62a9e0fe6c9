import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { busyEventLoop } from '../../../test/support/busy-loop';
import { foregroundFirst } from './foreground-first';
import { PollingWorker, ROUNDS_PER_LOOP } from './polling-worker';

/** A worker whose every round is one call of `work` and says there is no more. */
class OneShot extends PollingWorker {
  protected readonly logger = new Logger('OneShot');
  constructor(private readonly work: () => Promise<void>) {
    super();
  }
  protected intervalMs(): number {
    return 60_000;
  }
  protected async round(): Promise<boolean> {
    await this.work();
    return false;
  }
}

/** A worker with `backlog` items, one per round, and no interval of its own (never bootstrapped). */
class Backlog extends PollingWorker {
  protected readonly logger = new Logger('Backlog');
  rounds = 0;
  constructor(private backlog: number) {
    super();
  }
  protected intervalMs(): number {
    return 60_000;
  }
  protected async round(): Promise<boolean> {
    await new Promise((r) => setImmediate(r));
    if (this.backlog === 0) return false;
    this.backlog -= 1;
    this.rounds += 1;
    return true;
  }
}

describe('PollingWorker', () => {
  it('runs one round per kick, coalesces kicks while running, stops on shutdown and survives a failing round', async () => {
    const executed: number[] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    let fail = false;
    const job = new OneShot(async () => {
      executed.push(executed.length);
      await gate;
      if (fail) throw new Error('round failed');
    });
    job.kick();
    job.kick(); // while the first round runs: one more round afterwards, not two
    job.kick();
    release();
    await job.drain();
    await new Promise((r) => setTimeout(r, 20));
    await job.drain();
    expect(executed.length).toBeGreaterThanOrEqual(2);
    expect(executed.length).toBeLessThanOrEqual(4);

    fail = true;
    gate = Promise.resolve();
    await expect(job.drain()).resolves.toBeUndefined();

    job.onApplicationBootstrap();
    await job.onApplicationShutdown();
    const before = executed.length;
    job.kick();
    expect(executed.length).toBe(before);
  });

  it('waits with each round while requests are answered on a busy event loop (foregroundFirst)', async () => {
    const executed: number[] = [];
    const job = new OneShot(async () => {
      executed.push(performance.now());
    });
    // requests on a loop busy 9 ms of every 10
    const stopFlood = busyEventLoop(9, () => foregroundFirst.noteRequest());
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(foregroundFirst.isBusy).toBe(true);
      job.kick();
      await new Promise((r) => setTimeout(r, 200));
      expect(executed).toHaveLength(0);
    } finally {
      stopFlood();
    }
    try {
      const calm = performance.now();
      await job.drain();
      expect(executed.length).toBeGreaterThanOrEqual(1);
      expect(executed[0]).toBeGreaterThanOrEqual(calm);
    } finally {
      foregroundFirst.reset();
      await job.onApplicationShutdown();
    }
  });

  it('works a backlog off in one go from one kick, not ROUNDS_PER_LOOP rounds per interval tick', async () => {
    const worker = new Backlog(ROUNDS_PER_LOOP * 2 + 50);
    worker.kick();
    const deadline = performance.now() + 5000;
    while (worker.rounds < ROUNDS_PER_LOOP * 2 + 50 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(worker.rounds).toBe(ROUNDS_PER_LOOP * 2 + 50);
    const drained = new Backlog(ROUNDS_PER_LOOP + 1);
    await drained.drain();
    expect(drained.rounds).toBe(ROUNDS_PER_LOOP + 1);
    await worker.onApplicationShutdown();
  });

  it('stops going on with a backlog once shut down', async () => {
    const worker = new Backlog(ROUNDS_PER_LOOP * 10);
    worker.kick();
    await new Promise((r) => setTimeout(r, 5));
    await worker.onApplicationShutdown();
    const atStop = worker.rounds;
    await new Promise((r) => setTimeout(r, 50));
    expect(worker.rounds).toBe(atStop);
    expect(atStop).toBeLessThan(ROUNDS_PER_LOOP * 10);
  });
});
