import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { ApiIfMatch, expectedVersion } from '../../../shared/http/expected-version';
import { IdParam } from '../../../shared/http/id-param';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import { CreateUserCommand } from '../application/commands/create-user/create-user.command';
import { DeleteUserCommand } from '../application/commands/delete-user/delete-user.command';
import { UpdateUserCommand } from '../application/commands/update-user/update-user.command';
import { GetUserQuery } from '../application/queries/get-user/get-user.query';
import { ListUsersQuery } from '../application/queries/list-users/list-users.query';
import type { UserView } from '../application/queries/user.view';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './user.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('users.read')
  @ApiOperation({ operationId: 'listUsers', summary: 'List staff users' })
  @ApiOkResponse({ type: PageDtoOf(UserDto) })
  list(@Query() q: ListUsersQueryDto): Promise<Page<UserView>> {
    return this.queries.execute(
      new ListUsersQuery({ role: q.role, active: q.active, q: q.q, sort: q.sort }, pageWindow(q)),
    );
  }

  @Post()
  @RequirePermission('users.write')
  @Idempotent()
  @ApiProblems('USERS.EMAIL_TAKEN')
  @ApiOperation({ operationId: 'createUser', summary: 'Create a staff user' })
  @ApiCreatedResponse({ type: UserDto })
  async create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserView> {
    const { id } = await this.commands.execute(new CreateUserCommand(dto, actor));
    return this.get(id);
  }

  @Get(':id')
  @RequirePermission('users.read')
  @ApiOperation({ operationId: 'getUser', summary: 'Get a staff user' })
  @ApiOkResponse({ type: UserDto })
  async get(@IdParam() id: string): Promise<UserView> {
    const user = await this.queries.execute(new GetUserQuery(id));
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  @Patch(':id')
  @RequirePermission('users.write')
  @ApiIfMatch()
  @ApiProblems('USERS.EMAIL_TAKEN', 'USERS.CANNOT_DELETE_SELF', 'COMMON.GONE')
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Change a user (role, name, e-mail, password, active)',
  })
  @ApiOkResponse({ type: UserDto })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<UserView> {
    const { version, ...input } = dto;
    await this.commands.execute(new UpdateUserCommand(id, expectedVersion(version, ifMatch), input, actor));
    return this.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('users.write')
  @ApiProblems('USERS.CANNOT_DELETE_SELF', 'COMMON.GONE', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'deleteUser',
    summary: 'Delete (deactivate) a user; the record stays for the audit trail',
  })
  @ApiNoContentResponse()
  async remove(@IdParam() id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new DeleteUserCommand(id, actor));
  }
}
