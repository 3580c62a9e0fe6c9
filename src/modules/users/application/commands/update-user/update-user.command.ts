import { Command } from '@nestjs/cqrs';
import type { Actor, Role } from '../../../../../shared/domain/actor';

export interface UpdateUserInput {
  email?: string;
  fullName?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

export class UpdateUserCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly input: UpdateUserInput,
    readonly actor: Actor,
  ) {
    super();
  }
}
