import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NotifyDeadlinesCommand } from '../application/commands/notify-deadlines/notify-deadlines.command';
import { PollingWorker } from '../../../shared/runtime/polling-worker';

/** Checks once a minute whether the deadlines job is due (it runs hourly; see NotifyDeadlinesCommand). */
@Injectable()
export class TelegramDeadlinesJob extends PollingWorker {
  protected readonly logger = new Logger('TelegramDeadlines');

  constructor(private readonly commands: CommandBus) {
    super();
  }

  protected intervalMs(): number {
    return 60_000;
  }

  protected async round(): Promise<boolean> {
    await this.commands.execute(new NotifyDeadlinesCommand());
    return false;
  }
}
