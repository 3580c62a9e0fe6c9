import { Command } from '@nestjs/cqrs';
import type { Actor, Role } from '../../../../../shared/domain/actor';

export class CreateUserCommand extends Command<{ id: string }> {
  constructor(
    readonly input: { email: string; password: string; fullName: string; role: Role },
    readonly actor: Actor,
  ) {
    super();
  }
}
