import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfigError } from '../../../../../config/app-config';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { SYSTEM_ACTOR } from '../../../../../shared/domain/actor';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { User } from '../../../domain/user';
import { USER_REPOSITORY, type UserRepository } from '../../../domain/user.repository.port';
import { PASSWORD_HASHER, type PasswordHasher } from '../../ports/password-hasher.port';
import { EnsureInitialAdminCommand } from './ensure-initial-admin.command';

@CommandHandler(EnsureInitialAdminCommand)
export class EnsureInitialAdminHandler implements ICommandHandler<EnsureInitialAdminCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ email, password }: EnsureInitialAdminCommand): Promise<{ created: boolean }> {
    if ((await this.users.count()) > 0) return { created: false };
    if (!email) throw new ConfigError('ADMIN_EMAIL', 'is required on first start (no users exist yet)');
    if (!password) throw new ConfigError('ADMIN_PASSWORD', 'is required on first start (no users exist yet)');
    const passwordHash = await this.hasher.hash(password);
    return this.uow.run(async () => {
      // replicas starting together: the first one wins, the others see a user and stop
      await this.users.lockInitialAdmin();
      if ((await this.users.count()) > 0) return { created: false };
      const admin = User.create(
        uuidv7(),
        { email, fullName: 'Administrator', role: 'admin', passwordHash },
        new Date(),
      );
      await this.users.insert(admin);
      await this.outbox.append(admin.pullEvents(), SYSTEM_ACTOR);
      return { created: true };
    });
  }
}
