import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface DestructionResult {
  destructionId: string;
  /** The act of destruction: a document of no order, downloadable like any other. */
  actDocumentId: string;
  actNumber: string;
  clientId: string;
  pseudonym: string;
  performedAt: string;
  categories: string[];
  kept: string[];
  counts: Record<string, number>;
}

/**
 * Destroys a client's personal data (152-FZ art. 21): every module's eraser runs in one
 * transaction, what law keeps stays under a pseudonym, and an act of destruction with an extract
 * of the event log is issued through the documents module.
 */
export class DestroyClientDataCommand extends Command<DestructionResult> {
  constructor(
    readonly clientId: string,
    readonly reason: string,
    readonly basis: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
