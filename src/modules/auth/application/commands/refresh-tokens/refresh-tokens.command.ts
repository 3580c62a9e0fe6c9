import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { TokenPair } from '../../ports/access-token-issuer.port';

export class RefreshTokensCommand extends Command<TokenPair> {
  constructor(
    readonly refreshToken: string,
    readonly ip: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
