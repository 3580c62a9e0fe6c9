import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface TelegramLinkCode {
  code: string;
  expiresAt: string;
  /** Active bots the code works with (`/start <code>` there). */
  botNames: string[];
}

/**
 * Issues a one-time code that links a Telegram chat: to the calling staff user on an operator
 * bot, or to a supplier (by its name as written on services) on a supplier bot.
 */
export class CreateTelegramLinkCommand extends Command<TelegramLinkCode> {
  constructor(
    readonly target: { purpose: 'operators'; userId: string } | { purpose: 'suppliers'; supplier: string },
    readonly actor: Actor,
  ) {
    super();
  }
}
