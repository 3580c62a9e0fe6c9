import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { EmailTakenError, User } from '../../../domain/user';
import { USER_REPOSITORY, type UserRepository } from '../../../domain/user.repository.port';
import { PASSWORD_HASHER, type PasswordHasher } from '../../ports/password-hasher.port';
import { CreateUserCommand } from './create-user.command';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ input, actor }: CreateUserCommand): Promise<{ id: string }> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.uow.run(async () => {
      if (await this.users.findByEmail(input.email)) {
        throw new EmailTakenError();
      }
      const user = User.create(uuidv7(), { ...input, passwordHash }, new Date());
      await this.users.insert(user);
      await this.outbox.append(user.pullEvents(), actor);
      return { id: user.id };
    });
  }
}
