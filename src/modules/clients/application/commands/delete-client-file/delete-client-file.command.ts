import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/** Removes a client's file: the row is kept as deleted (audit), the stored bytes go after commit. */
export class DeleteClientFileCommand extends Command<void> {
  constructor(
    readonly clientId: string,
    readonly fileId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
