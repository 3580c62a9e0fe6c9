import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export class DeleteUserCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
