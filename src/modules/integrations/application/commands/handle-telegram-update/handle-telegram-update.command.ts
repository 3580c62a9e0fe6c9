import { Command } from '@nestjs/cqrs';

/**
 * Processes one stored update (run by the update worker inside the transaction that claimed it):
 * the bot's purpose decides — sales bots turn messages into applications, operator and supplier
 * bots link accounts and take button presses. Replies go to the outgoing queue.
 */
export class HandleTelegramUpdateCommand extends Command<void> {
  constructor(
    readonly integrationId: string,
    readonly updateId: number,
  ) {
    super();
  }
}
