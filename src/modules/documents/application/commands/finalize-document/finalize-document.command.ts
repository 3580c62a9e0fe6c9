import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/** Marks a document final (signed / issued): later order changes never replace it. */
export class FinalizeDocumentCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
    /** Finalize even when a supplier abroad gets passenger data without a notified transfer (audited). */
    readonly force = false,
  ) {
    super();
  }
}
