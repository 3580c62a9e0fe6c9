import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ContactInput } from '../../../domain/contact';

export interface AppendToApplicationResult {
  id: string;
  /** The human number (`З-2026-000123`). */
  number: string;
  /** The linked client, if any (after this message). */
  clientId: string | null;
  version: number;
  /** False when the application is no longer open (converted, rejected): nothing was changed. */
  appended: boolean;
}

/**
 * A further message of a conversation (a chat bot) joins an open application: text appended,
 * unknown contact parts filled in (files: AttachApplicationFileCommand); an unlinked application
 * is linked to the client the completed contact matches, as on creation.
 */
export class AppendToApplicationCommand extends Command<AppendToApplicationResult> {
  constructor(
    readonly id: string,
    readonly message: { text?: string | null; contact?: ContactInput | null },
    readonly actor: Actor,
  ) {
    super();
  }
}
