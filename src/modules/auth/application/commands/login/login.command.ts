import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { TokenPair } from '../../ports/access-token-issuer.port';

export class LoginCommand extends Command<TokenPair> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly ip: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
