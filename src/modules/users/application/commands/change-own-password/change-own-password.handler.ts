import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError, ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { SESSION_REVOKER, type SessionRevoker } from '../../../contracts/users.ports';
import { USER_REPOSITORY, type UserRepository } from '../../../domain/user.repository.port';
import { PASSWORD_HASHER, type PasswordHasher } from '../../ports/password-hasher.port';
import { ChangeOwnPasswordCommand } from './change-own-password.command';

@CommandHandler(ChangeOwnPasswordCommand)
export class ChangeOwnPasswordHandler implements ICommandHandler<ChangeOwnPasswordCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxWriter,
    @Inject(SESSION_REVOKER) private readonly sessions: SessionRevoker,
  ) {}

  async execute(c: ChangeOwnPasswordCommand): Promise<void> {
    const found = await this.users.findById(c.userId);
    if (!found || found.deleted) throw new NotFoundError('user', c.userId);
    if (!(await this.hasher.verify(found.passwordHash, c.currentPassword))) {
      throw ValidationError.field('currentPassword', 'currentPassword is not your current password');
    }
    if (c.newPassword === c.currentPassword) {
      throw ValidationError.field('newPassword', 'newPassword must differ from the current one');
    }
    const hash = await this.hasher.hash(c.newPassword);
    await this.uow.run(async () => {
      const user = await this.users.findById(c.userId);
      if (!user || user.deleted) throw new NotFoundError('user', c.userId);
      user.changePassword(hash, new Date());
      await this.users.update(user);
      await this.outbox.append(user.pullEvents(), c.actor);
      await this.sessions.revokeAll(c.userId, 'password-changed', c.actor, c.keepSessionId);
    });
  }
}
