import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { UserLoggedOut } from '../../../domain/auth.events';
import { parseRefreshToken } from '../../../domain/refresh-token';
import { REFRESH_TOKEN_STORE, type RefreshTokenStore } from '../../ports/refresh-token.store.port';
import { LogoutCommand } from './logout.command';

@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(REFRESH_TOKEN_STORE) private readonly tokens: RefreshTokenStore,
  ) {}

  async execute({ refreshToken, actor }: LogoutCommand): Promise<void> {
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed) return; // logging out with garbage is a no-op, not an error
    await this.uow.run(async () => {
      const row = await this.tokens.lock(parsed.id);
      if (!row || row.userId !== actor.userId || !this.tokens.secretMatches(row, parsed.secret)) return;
      const revoked = await this.tokens.revokeFamily(row.familyId, 'logout');
      if (revoked > 0)
        await this.outbox.append([new UserLoggedOut(row.userId, { familyId: row.familyId })], actor);
    });
  }
}
