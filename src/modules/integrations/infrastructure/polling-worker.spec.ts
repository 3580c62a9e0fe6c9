import type { CommandBus } from '@nestjs/cqrs';
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
});
