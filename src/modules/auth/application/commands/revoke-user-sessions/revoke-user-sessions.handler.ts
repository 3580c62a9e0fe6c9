import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { UserSessionsRevoked } from '../../../domain/auth.events';
import { REFRESH_TOKEN_STORE, type RefreshTokenStore } from '../../ports/refresh-token.store.port';
import { RevokeUserSessionsCommand } from './revoke-user-sessions.command';

@CommandHandler(RevokeUserSessionsCommand)
export class RevokeUserSessionsHandler implements ICommandHandler<RevokeUserSessionsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(REFRESH_TOKEN_STORE) private readonly tokens: RefreshTokenStore,
  ) {}

  execute({ userId, reason, actor, exceptFamilyId }: RevokeUserSessionsCommand): Promise<number> {
    return this.uow.run(async () => {
      const revoked = await this.tokens.revokeAllForUser(userId, reason, exceptFamilyId);
      if (revoked > 0)
        await this.outbox.append([new UserSessionsRevoked(userId, { reason, revoked })], actor);
      return revoked;
    });
  }
}
