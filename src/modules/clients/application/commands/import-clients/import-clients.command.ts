import { Command } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import type { Actor } from '../../../../../shared/domain/actor';

export interface ImportClientsOptions {
  /** Validate and report only; no client is written. */
  dryRun: boolean;
  fileName: string | null;
  /** `wait`: answer once the file is processed; `background`: answer with the job at once. */
  mode: 'wait' | 'background';
  /** Called when processing ends either way (e.g. removes a spooled upload). */
  cleanup?: () => Promise<void>;
}

/**
 * Imports clients from a CSV stream (UTF-8 or Windows-1251, `;` or `,`, Russian or English
 * header). Every row goes through the client domain and the duplicate check of CreateClient;
 * rows are written 500 per transaction with their outbox events; a bad row never stops the others.
 * Returns the job id; the job resource holds progress and the per-row report.
 */
export class ImportClientsCommand extends Command<{ jobId: string }> {
  constructor(
    readonly source: Readable,
    readonly options: ImportClientsOptions,
    readonly actor: Actor,
  ) {
    super();
  }
}
