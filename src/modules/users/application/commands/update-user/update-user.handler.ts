import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ConcurrencyError, DomainError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { SESSION_REVOKER, type SessionRevoker } from '../../../contracts/users.ports';
import { EmailTakenError } from '../../../domain/user';
import { USER_REPOSITORY, type UserRepository } from '../../../domain/user.repository.port';
import { PASSWORD_HASHER, type PasswordHasher } from '../../ports/password-hasher.port';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxWriter,
    @Inject(SESSION_REVOKER) private readonly sessions: SessionRevoker,
  ) {}

  async execute({
    id,
    expectedVersion,
    input,
    actor,
  }: UpdateUserCommand): Promise<{ id: string; version: number }> {
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : undefined;
    return this.uow.run(async () => {
      const user = await this.users.findById(id);
      if (!user || user.deleted) throw new NotFoundError('user', id);
      if (user.version !== expectedVersion) throw new ConcurrencyError('user', id, user.version);
      if (input.active === false && actor.userId === id) {
        throw new DomainError('USERS.CANNOT_DELETE_SELF', 'You cannot disable your own account');
      }
      if (input.email !== undefined) {
        const other = await this.users.findByEmail(input.email);
        if (other && other.id !== id) {
          throw new EmailTakenError();
        }
      }
      const now = new Date();
      const diff = user.update(input, now);
      if (passwordHash !== undefined) user.changePassword(passwordHash, now);
      if (!user.hasChanges) return { id, version: user.version };
      await this.users.update(user);
      const events = user.pullEvents();
      await this.outbox.append(events, actor);
      // a disabled account, a new role or a new password ends every session at once
      if ('active' in diff || 'role' in diff || passwordHash !== undefined) {
        await this.sessions.revokeAll(id, 'user-changed', actor);
      }
      return { id, version: user.version };
    });
  }
}
