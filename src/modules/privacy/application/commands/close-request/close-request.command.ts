import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { RequestView } from '../../ports/privacy-store.port';

/** Records the answer to a request (answered or refused, with what was sent). */
export class CloseRequestCommand extends Command<RequestView> {
  constructor(
    readonly id: string,
    readonly status: 'answered' | 'refused',
    readonly answer: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
