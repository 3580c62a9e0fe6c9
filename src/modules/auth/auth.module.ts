import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module';
import { AuthController } from './api/auth.controller';
import { JwtAuthGuard } from './api/jwt-auth.guard';
import { PermissionsGuard } from './api/permissions.guard';
import { LoginHandler } from './application/commands/login/login.handler';
import { LogoutHandler } from './application/commands/logout/logout.handler';
import { RefreshTokensHandler } from './application/commands/refresh-tokens/refresh-tokens.handler';
import { RevokeUserSessionsHandler } from './application/commands/revoke-user-sessions/revoke-user-sessions.handler';
import { ACCESS_TOKEN_ISSUER } from './application/ports/access-token-issuer.port';
import { LOGIN_ATTEMPTS, REFRESH_TOKEN_STORE } from './application/ports/refresh-token.store.port';
import { JwtAccessTokenIssuer } from './infrastructure/jwt-access-token.issuer';
import { SessionRevokerModule } from './infrastructure/command-bus.session-revoker';
import { JwtStrategy } from './infrastructure/jwt.strategy';
import { SqlLoginAttempts } from './infrastructure/sql-login-attempts';
import { SqlRefreshTokenStore } from './infrastructure/sql-refresh-token.store';

@Module({
  imports: [PassportModule, JwtModule.register({}), UsersModule, SessionRevokerModule],
  controllers: [AuthController],
  providers: [
    JwtStrategy,
    { provide: ACCESS_TOKEN_ISSUER, useClass: JwtAccessTokenIssuer },
    { provide: REFRESH_TOKEN_STORE, useClass: SqlRefreshTokenStore },
    { provide: LOGIN_ATTEMPTS, useClass: SqlLoginAttempts },
    LoginHandler,
    RefreshTokensHandler,
    LogoutHandler,
    RevokeUserSessionsHandler,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: PermissionsGuard },
  ],
})
export class AuthModule {}
