import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ClientInput } from '../../../domain/client';

export interface ClientWriteOptions {
  /** Save even when an e-mail, phone or passport belongs to another client (audited). */
  allowDuplicate?: boolean;
}

/** Creates a client; 409 `CLIENTS.DUPLICATE` naming the matching client when a contact or passport is taken. */
export class CreateClientCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly input: ClientInput,
    readonly actor: Actor,
    readonly options: ClientWriteOptions = {},
    /** What created it, for the audit trail: the API, an import, a converted application. */
    readonly source: 'api' | 'import' | 'application' = 'api',
  ) {
    super();
  }
}
