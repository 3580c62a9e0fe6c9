import type { Page } from '../../../shared/pagination/page';

export type ImportRowStatus = 'created' | 'duplicate' | 'invalid';

export interface ImportRowView {
  /** The line of the file the row ends on (the header is line 1). */
  row: number;
  status: ImportRowStatus;
  /** created: the new client (null on a dry run). */
  clientId: string | null;
  /** duplicate: the client it matches (null on a dry run when that client is an earlier row of the file). */
  duplicateOfClientId: string | null;
  /** duplicate of an earlier row of this file: that row. */
  duplicateOfRow: number | null;
  /** duplicate: the identifier that matched (phone, email, passport); invalid: the column at fault. */
  field: string | null;
  /** invalid: why (never quoting the value). */
  reason: string | null;
}

export interface ImportJobView {
  id: string;
  status: 'processing' | 'completed' | 'failed';
  dryRun: boolean;
  fileName: string | null;
  encoding: string | null;
  delimiter: string | null;
  totals: { rows: number; created: number; duplicate: number; invalid: number };
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  rows: Page<ImportRowView>;
}
