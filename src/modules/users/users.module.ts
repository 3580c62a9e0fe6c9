import { Module, type OnApplicationBootstrap, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { StaffController } from './api/staff.controller';
import { UsersController } from './api/users.controller';
import { CreateUserHandler } from './application/commands/create-user/create-user.handler';
import { DeleteUserHandler } from './application/commands/delete-user/delete-user.handler';
import { EnsureInitialAdminCommand } from './application/commands/ensure-initial-admin/ensure-initial-admin.command';
import { EnsureInitialAdminHandler } from './application/commands/ensure-initial-admin/ensure-initial-admin.handler';
import { ChangeOwnPasswordHandler } from './application/commands/change-own-password/change-own-password.handler';
import { UpdateUserHandler } from './application/commands/update-user/update-user.handler';
import { PASSWORD_HASHER } from './application/ports/password-hasher.port';
import { USER_ACCESS_CACHE } from './application/ports/user-access-cache.port';
import { GetUserAccessHandler } from './application/queries/get-user-access/get-user-access.handler';
import { FindUserCredentialsHandler } from './application/queries/find-user-credentials/find-user-credentials.handler';
import { GetUserHandler } from './application/queries/get-user/get-user.handler';
import { ListStaffHandler } from './application/queries/list-staff/list-staff.handler';
import { GetStaffNamesHandler } from './application/queries/get-staff-names/get-staff-names.handler';
import { ListUsersHandler } from './application/queries/list-users/list-users.handler';
import { USER_REPOSITORY } from './domain/user.repository.port';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher';
import { PgNotifyUserAccessCache } from './infrastructure/pg-notify-user-access.cache';
import { TypeOrmUserRepository } from './infrastructure/persistence/typeorm-user.repository';

@Module({
  controllers: [UsersController, StaffController],
  providers: [
    { provide: USER_REPOSITORY, useClass: TypeOrmUserRepository },
    { provide: PASSWORD_HASHER, useClass: Argon2PasswordHasher },
    PgNotifyUserAccessCache,
    { provide: USER_ACCESS_CACHE, useExisting: PgNotifyUserAccessCache },
    CreateUserHandler,
    UpdateUserHandler,
    ChangeOwnPasswordHandler,
    DeleteUserHandler,
    EnsureInitialAdminHandler,
    GetUserHandler,
    ListUsersHandler,
    ListStaffHandler,
    GetStaffNamesHandler,
    FindUserCredentialsHandler,
    GetUserAccessHandler,
  ],
  exports: [PASSWORD_HASHER],
})
export class UsersModule implements OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.commands.execute(
      new EnsureInitialAdminCommand(this.config.admin.email, this.config.admin.password),
    );
  }
}
