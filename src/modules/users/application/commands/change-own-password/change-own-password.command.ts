import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/**
 * A signed-in user replaces their own password after proving the current one. Every other
 * session ends; the one in `keepSessionId` (the refresh-token family of the caller) survives.
 */
export class ChangeOwnPasswordCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
    readonly keepSessionId: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
