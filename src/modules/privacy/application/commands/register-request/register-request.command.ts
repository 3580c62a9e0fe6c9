import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { RequestView } from '../../ports/privacy-store.port';

/** A subject's request (access, correction, destruction, withdrawal): due in 10 working days. */
export class RegisterRequestCommand extends Command<RequestView> {
  constructor(
    readonly input: {
      kind: RequestView['kind'];
      clientId: string | null;
      channel: string;
      receivedAt: string;
    },
    readonly actor: Actor,
  ) {
    super();
  }
}
