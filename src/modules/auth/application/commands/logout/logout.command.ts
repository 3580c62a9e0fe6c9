import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/** Ends the session the refresh token belongs to (its whole family). */
export class LogoutCommand extends Command<void> {
  constructor(
    readonly refreshToken: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
