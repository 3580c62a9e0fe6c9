import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/** Revokes every refresh token of a user (disabled, deleted, role or password changed). */
export class RevokeUserSessionsCommand extends Command<number> {
  constructor(
    readonly userId: string,
    readonly reason: string,
    readonly actor: Actor,
    /** A session (refresh-token family) to keep: the caller's own when they change their password. */
    readonly exceptFamilyId?: string,
  ) {
    super();
  }
}
