import { Body, Controller, Get, HttpCode, Ip, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyAuthenticated, CurrentActor, Public } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { GetUserQuery } from '../../users/application/queries/get-user/get-user.query';
import { LoginCommand } from '../application/commands/login/login.command';
import { LogoutCommand } from '../application/commands/logout/logout.command';
import { RefreshTokensCommand } from '../application/commands/refresh-tokens/refresh-tokens.command';
import type { TokenPair } from '../application/ports/access-token-issuer.port';
import { ChangeOwnPasswordCommand } from '../../users/application/commands/change-own-password/change-own-password.command';
import type { AuthenticatedUser } from '../infrastructure/jwt.strategy';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokenPairDto } from './auth.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiProblems('AUTH.INVALID_CREDENTIALS', 'AUTH.TOO_MANY_ATTEMPTS')
  @ApiOperation({ operationId: 'login', summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() dto: LoginDto, @Ip() ip: string, @CurrentActor() actor: Actor): Promise<TokenPair> {
    return this.commands.execute(new LoginCommand(dto.email, dto.password, ip, actor));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiProblems('AUTH.INVALID_REFRESH_TOKEN')
  @ApiOperation({
    operationId: 'refreshTokens',
    summary: 'Exchange a refresh token for a new pair (rotation)',
  })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto, @Ip() ip: string, @CurrentActor() actor: Actor): Promise<TokenPair> {
    return this.commands.execute(new RefreshTokensCommand(dto.refreshToken, ip, actor));
  }

  @Post('logout')
  @AnyAuthenticated()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'End the session of this refresh token' })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new LogoutCommand(dto.refreshToken, actor));
  }

  @Post('change-password')
  @AnyAuthenticated()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiProblems('COMMON.NOT_FOUND')
  @ApiOperation({
    operationId: 'changePassword',
    summary:
      'Change your own password (the current one required); every other session ends, this one stays signed in',
  })
  @ApiNoContentResponse()
  async changePassword(
    @Body() dto: ChangePasswordDto,
    @Req() req: { user?: AuthenticatedUser },
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.commands.execute(
      new ChangeOwnPasswordCommand(
        actor.userId!,
        dto.currentPassword,
        dto.newPassword,
        req.user?.sessionId,
        actor,
      ),
    );
  }

  @Get('me')
  @AnyAuthenticated()
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getMe', summary: 'The signed-in user' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const user = await this.queries.execute(new GetUserQuery(actor.userId!));
    if (!user) throw new DomainError('COMMON.UNAUTHORIZED', 'A valid access token is required');
    return { id: user.id, email: user.email, fullName: user.fullName, role: user.role };
  }
}
