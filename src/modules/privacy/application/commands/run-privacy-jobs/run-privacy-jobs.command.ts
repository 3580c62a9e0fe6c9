import { Command } from '@nestjs/cqrs';

export interface PrivacyJobsResult {
  dryRun: boolean;
  /** False when another replica holds the jobs' lock (nothing was done). */
  ran: boolean;
  /** Never-converted applications older than the retention period (and their attachments). */
  applications: number;
  applicationAttachments: number;
  /** Withdrawn consents past their destruction deadline, by what they name. */
  withdrawnClients: number;
  withdrawnOther: number;
  /** Withdrawn consents whose data turned out to be kept by a legal basis (deadline cleared). */
  keptByBasis: number;
  remindersSent: number;
  /** The act issued for the applications destroyed by retention, if any. */
  actDocumentId: string | null;
}

/**
 * The scheduled privacy work (one replica at a time, by an advisory lock): reminders the day before
 * a subject request is due, destruction of never-converted applications older than the retention
 * period, and of data whose consent was withdrawn and whose deadline passed. `dryRun` counts what
 * would go and changes nothing.
 */
export class RunPrivacyJobsCommand extends Command<PrivacyJobsResult> {
  constructor(readonly options: { dryRun: boolean; now?: Date; batchSize?: number }) {
    super();
  }
}
