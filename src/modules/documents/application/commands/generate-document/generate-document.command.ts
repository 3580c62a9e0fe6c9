import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { DocumentType } from '../../../domain/document-data';

/** Renders a new version of the order's document of this type (creating it on first use). */
export class GenerateDocumentCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly orderId: string,
    readonly type: DocumentType,
    readonly actor: Actor,
    /** Generate even when a supplier abroad gets passenger data without a notified transfer (audited). */
    readonly force = false,
  ) {
    super();
  }
}
