import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/**
 * Soft delete: the client leaves lists, search and de-duplication, and its personal data
 * (passports, birth date, contacts, notes) is erased; the name stays for orders that refer to it.
 */
export class DeleteClientCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
