import { Global, Injectable, Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../../../shared/domain/actor';
import { SESSION_REVOKER, type SessionRevoker } from '../../users/contracts/users.ports';
import { RevokeUserSessionsCommand } from '../application/commands/revoke-user-sessions/revoke-user-sessions.command';

/** Auth's side of users' {@link SessionRevoker} port: revokes through auth's own command. */
@Injectable()
export class CommandBusSessionRevoker implements SessionRevoker {
  constructor(private readonly commands: CommandBus) {}

  revokeAll(userId: string, reason: string, actor: Actor, exceptFamilyId?: string): Promise<number> {
    return this.commands.execute(new RevokeUserSessionsCommand(userId, reason, actor, exceptFamilyId));
  }
}

/**
 * Provides {@link SESSION_REVOKER} to the whole application (users' handlers) without users
 * importing auth: the dependency points auth → users only.
 */
@Global()
@Module({
  providers: [{ provide: SESSION_REVOKER, useClass: CommandBusSessionRevoker }],
  exports: [SESSION_REVOKER],
})
export class SessionRevokerModule {}
