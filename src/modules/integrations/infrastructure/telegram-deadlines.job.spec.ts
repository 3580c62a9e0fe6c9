import type { CommandBus } from '@nestjs/cqrs';
import { NotifyDeadlinesCommand } from '../application/commands/notify-deadlines/notify-deadlines.command';
import { TelegramDeadlinesJob } from './telegram-deadlines.job';

describe('TelegramDeadlinesJob', () => {
  it('sends NotifyDeadlinesCommand once a round, and one round is all a kick asks for', async () => {
    const executed: unknown[] = [];
    const bus = {
      execute: async (c: unknown) => {
        executed.push(c);
      },
    } as unknown as CommandBus;
    const job = new TelegramDeadlinesJob(bus);
    job.kick();
    await job.drain();
    expect(executed.length).toBeGreaterThanOrEqual(1);
    expect(executed.length).toBeLessThanOrEqual(2);
    expect(executed.every((c) => c instanceof NotifyDeadlinesCommand)).toBe(true);
    await job.onApplicationShutdown();
  });
});
