import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { RequestView } from '../../ports/privacy-store.port';

/** Extends an open request once by 5 working days; the reason is sent to the subject (152-FZ art. 14 part 3). */
export class ExtendRequestCommand extends Command<RequestView> {
  constructor(
    readonly id: string,
    readonly reason: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
