import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/**
 * Folds `duplicateId` into `survivorId` in one transaction: contacts, passports, notes, consent,
 * files and every other module's references (through the client reference movers) move to the
 * survivor; the duplicate becomes a tombstone pointing to it.
 */
export class MergeClientsCommand extends Command<{
  id: string;
  version: number;
  moved: Record<string, number>;
}> {
  constructor(
    readonly survivorId: string,
    readonly duplicateId: string,
    readonly actor: Actor,
    /** The survivor's version the caller read; a stale one is a 409. */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
