import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { Role } from '../../../../../shared/domain/actor';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { FindUserCredentialsQuery } from '../../../../users/application/queries/find-user-credentials/find-user-credentials.query';
import { RefreshTokenReuseDetected } from '../../../domain/auth.events';
import { parseRefreshToken } from '../../../domain/refresh-token';
import {
  ACCESS_TOKEN_ISSUER,
  type AccessTokenIssuer,
  type TokenPair,
} from '../../ports/access-token-issuer.port';
import { REFRESH_TOKEN_STORE, type RefreshTokenStore } from '../../ports/refresh-token.store.port';
import { RefreshTokensCommand } from './refresh-tokens.command';

type Outcome = { ok: true; userId: string; role: Role; token: string; familyId: string } | { ok: false };

/**
 * Rotation: every refresh spends the presented token and issues a new one in the same family.
 * The row is locked, so of two parallel refreshes only one can spend it; presenting a spent
 * token again means it leaked — the whole family is revoked and the reuse is audited.
 */
@CommandHandler(RefreshTokensCommand)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokensCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly outbox: OutboxWriter,
    @Inject(ACCESS_TOKEN_ISSUER) private readonly issuer: AccessTokenIssuer,
    @Inject(REFRESH_TOKEN_STORE) private readonly tokens: RefreshTokenStore,
  ) {}

  async execute({ refreshToken, ip, actor }: RefreshTokensCommand): Promise<TokenPair> {
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed) throw this.invalid();
    const outcome = await this.uow.run(async (): Promise<Outcome> => {
      const row = await this.tokens.lock(parsed.id);
      if (!row || !this.tokens.secretMatches(row, parsed.secret)) return { ok: false };
      if (row.revokedAt) return { ok: false };
      if (row.usedAt) {
        await this.tokens.revokeFamily(row.familyId, 'reuse-detected');
        await this.outbox.append(
          [new RefreshTokenReuseDetected(row.userId, { familyId: row.familyId, tokenId: row.id, ip })],
          actor,
        );
        return { ok: false };
      }
      const now = Date.now();
      if (row.expiresAt.getTime() <= now || row.familyExpiresAt.getTime() <= now) return { ok: false };
      const user = await this.queries.execute(new FindUserCredentialsQuery({ id: row.userId }));
      if (!user || !user.active) {
        await this.tokens.revokeFamily(row.familyId, 'user-inactive');
        return { ok: false };
      }
      const next = await this.tokens.issue(row.userId, { id: row.familyId, expiresAt: row.familyExpiresAt });
      await this.tokens.markUsed(row.id, next.id);
      return { ok: true, userId: user.id, role: user.role, token: next.token, familyId: row.familyId };
    });
    if (!outcome.ok) throw this.invalid();
    const access = this.issuer.issue({ id: outcome.userId, role: outcome.role }, outcome.familyId);
    return {
      accessToken: access.token,
      refreshToken: outcome.token,
      expiresIn: access.expiresIn,
      tokenType: 'Bearer',
    };
  }

  private invalid(): DomainError {
    return new DomainError('AUTH.INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or revoked');
  }
}
