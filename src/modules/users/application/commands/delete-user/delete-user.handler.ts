import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { SESSION_REVOKER, type SessionRevoker } from '../../../contracts/users.ports';
import { USER_REPOSITORY, type UserRepository } from '../../../domain/user.repository.port';
import { DeleteUserCommand } from './delete-user.command';

/** Soft delete: the row stays for the audit trail and foreign keys; sign-in stops at once. */
@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    @Inject(SESSION_REVOKER) private readonly sessions: SessionRevoker,
  ) {}

  async execute({ id, actor }: DeleteUserCommand): Promise<void> {
    if (actor.userId === id)
      throw new DomainError('USERS.CANNOT_DELETE_SELF', 'You cannot delete your own account');
    await this.uow.run(async () => {
      const user = await this.users.findById(id);
      if (!user || user.deleted) throw new NotFoundError('user', id);
      user.delete(new Date());
      await this.users.update(user);
      await this.outbox.append(user.pullEvents(), actor);
      await this.sessions.revokeAll(id, 'user-deleted', actor);
    });
  }
}
