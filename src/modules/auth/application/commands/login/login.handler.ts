import { Inject, type OnModuleInit } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { PASSWORD_HASHER, type PasswordHasher } from '../../../../users/contracts/users.ports';
import { FindUserCredentialsQuery } from '../../../../users/application/queries/find-user-credentials/find-user-credentials.query';
import { type LoginFailureReason, UserLoggedIn, UserLoginFailed } from '../../../domain/auth.events';
import { decideLoginThrottle } from '../../../domain/login-throttle.policy';
import {
  ACCESS_TOKEN_ISSUER,
  type AccessTokenIssuer,
  type TokenPair,
} from '../../ports/access-token-issuer.port';
import {
  LOGIN_ATTEMPTS,
  type LoginAttempts,
  REFRESH_TOKEN_STORE,
  type RefreshTokenStore,
} from '../../ports/refresh-token.store.port';
import { LoginCommand } from './login.command';

/**
 * Sign-in. Throttled before the password is checked; the answer never tells whether the
 * e-mail exists (same error, and a password check against a dummy hash for unknown e-mails).
 */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand>, OnModuleInit {
  private dummyHash = '';

  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly outbox: OutboxWriter,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(ACCESS_TOKEN_ISSUER) private readonly issuer: AccessTokenIssuer,
    @Inject(REFRESH_TOKEN_STORE) private readonly tokens: RefreshTokenStore,
    @Inject(LOGIN_ATTEMPTS) private readonly attempts: LoginAttempts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hasher.hash('not-a-real-password-but-costs-the-same');
  }

  async execute({ email, password, ip, actor }: LoginCommand): Promise<TokenPair> {
    const limits = {
      perAccount: this.config.throttle.loginFailuresPerAccount,
      perIp: this.config.throttle.loginFailuresPerIp,
      windowSeconds: this.config.throttle.windowSeconds,
    };
    const decision = decideLoginThrottle(await this.attempts.counts(email, ip, limits.windowSeconds), limits);
    if (decision.blocked) {
      throw new DomainError('AUTH.TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts; try again later', {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }

    const user = await this.queries.execute(new FindUserCredentialsQuery({ email }));
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? this.dummyHash, password);
    let failure: LoginFailureReason | null = null;
    if (!user) failure = 'unknown-user';
    else if (!passwordOk) failure = 'wrong-password';
    else if (!user.active) failure = 'inactive';

    if (failure !== null || !user) {
      await this.uow.run(async () => {
        await this.attempts.record(email, ip, false);
        await this.outbox.append([new UserLoginFailed(user?.id ?? null, { ip, reason: failure! })], actor);
      });
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'E-mail or password is wrong');
    }

    const refresh = await this.uow.run(async () => {
      await this.attempts.record(email, ip, true);
      const issued = await this.tokens.issue(user.id);
      await this.outbox.append([new UserLoggedIn(user.id, { ip, familyId: issued.familyId })], {
        ...actor,
        userId: user.id,
        role: user.role,
      });
      return issued;
    });
    const access = this.issuer.issue({ id: user.id, role: user.role }, refresh.familyId);
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresIn: access.expiresIn,
      tokenType: 'Bearer',
    };
  }
}
