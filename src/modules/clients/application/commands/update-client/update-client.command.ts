import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ClientChanges } from '../../../domain/client';
import type { ClientWriteOptions } from '../create-client/create-client.command';

/** Changes the fields present; lists (`emails`, `phones`, `passports`) are replaced as a whole. */
export class UpdateClientCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly changes: ClientChanges,
    readonly actor: Actor,
    readonly options: ClientWriteOptions = {},
  ) {
    super();
  }
}
