import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { DestructionActInput } from '../../../domain/privacy-document-data';

export type { DestructionActInput, ActLogEntry } from '../../../domain/privacy-document-data';

/**
 * Contract for the privacy module: renders an act of destruction of personal data (Roskomnadzor
 * order No. 179 fields, with an extract of the event log) with the active `destruction_act`
 * template and stores it as a final document of no order (`АУ-2026-000001`), downloadable like
 * any other. Runs in the caller's unit of work.
 */
export class IssueDestructionActCommand extends Command<{ documentId: string; number: string }> {
  constructor(
    readonly act: DestructionActInput,
    readonly actor: Actor,
  ) {
    super();
  }
}
