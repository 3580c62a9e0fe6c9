import type { ImportRowStatus } from '../import-job.view';

export const IMPORT_JOB_STORE = Symbol('IMPORT_JOB_STORE');

export interface ImportReportRow {
  row: number;
  status: ImportRowStatus;
  clientId: string | null;
  duplicateOfClientId: string | null;
  duplicateOfRow: number | null;
  field: string | null;
  reason: string | null;
}

/** Import jobs and their per-row reports (names of fields and reasons only, never values). */
export interface ImportJobStore {
  create(job: {
    id: string;
    dryRun: boolean;
    fileName: string | null;
    createdBy: string | null;
  }): Promise<void>;
  describe(id: string, format: { encoding: string; delimiter: string }): Promise<void>;
  /** Adds a batch's rows to the report and its counts to the job's totals. */
  record(id: string, rows: readonly ImportReportRow[]): Promise<void>;
  finish(id: string, outcome: { status: 'completed' } | { status: 'failed'; error: string }): Promise<void>;
}
