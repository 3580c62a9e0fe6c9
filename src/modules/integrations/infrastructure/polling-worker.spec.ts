import { performance } from 'node:perf_hooks';
import type { CommandBus } from '@nestjs/cqrs';
import { foregroundFirst } from '../../../shared/runtime/foreground-first';
import { busyEventLoop } from '../../../../test/support/busy-loop';
import { NotifyDeadlinesCommand } from '../application/commands/notify-deadlines/notify-deadlines.command';
import { TelegramDeadlinesJob } from './telegram-deadlines.job';

describe('PollingWorker (through the deadlines job)', () => {
  it('runs one round per kick, coalesces kicks while running, stops on shutdown and survives a failing round', async () => {
    const executed: unknown[] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    let fail = false;
    const bus = {
      execute: async (c: unknown) => {
        executed.push(c);
        await gate;
        if (fail) throw new Error('round failed');
      },
    } as unknown as CommandBus;
    const job = new TelegramDeadlinesJob(bus);
    job.kick();
    job.kick(); // while the first round runs: one more round afterwards, not two
    job.kick();
    release();
    await job.drain();
    await new Promise((r) => setTimeout(r, 20));
    await job.drain();
    expect(executed.length).toBeGreaterThanOrEqual(2);
    expect(executed.length).toBeLessThanOrEqual(4);
    expect(executed[0]).toBeInstanceOf(NotifyDeadlinesCommand);

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
    const bus = {
      execute: async () => {
        executed.push(performance.now());
      },
    } as unknown as CommandBus;
    const job = new TelegramDeadlinesJob(bus);
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
});
