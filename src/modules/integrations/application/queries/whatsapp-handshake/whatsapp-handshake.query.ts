import { Query } from '@nestjs/cqrs';

/**
 * Meta's webhook verification: `hub.mode=subscribe` with the number's verify token answers the
 * challenge; anything else is 403.
 */
export class WhatsAppHandshakeQuery extends Query<string> {
  constructor(
    readonly integrationId: string,
    readonly mode: string | undefined,
    readonly verifyToken: string | undefined,
    readonly challenge: string | undefined,
  ) {
    super();
  }
}
