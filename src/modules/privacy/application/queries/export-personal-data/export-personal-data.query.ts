import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface PersonalDataRead {
  at: string;
  userId: string | null;
  userName: string | null;
  role: string;
  via: string | null;
  fields: string[];
}

/** Everything the agency holds about one client (152-FZ art. 14), as the API returns it. */
export interface PersonalDataExport {
  clientId: string;
  generatedAt: string;
  destroyed: { pseudonym: string; performedAt: string; actDocumentId: string | null } | null;
  profile: Record<string, unknown>;
  consents: Array<Record<string, unknown>>;
  applications: Array<Record<string, unknown>>;
  orders: Array<Record<string, unknown>>;
  payments: Array<Record<string, unknown>>;
  documents: Array<Record<string, unknown>>;
  files: Array<Record<string, unknown>>;
  /** Who was shown the client's full personal data, and when (from the audit log's `pii.read`). */
  reads: PersonalDataRead[];
}

/**
 * The subject access export, read through each module's queries. Audited twice: the client module
 * records the full read (`pii.read`), and `privacy.personal-data-exported` names the format.
 */
export class ExportPersonalDataQuery extends Query<PersonalDataExport> {
  constructor(
    readonly clientId: string,
    readonly format: 'json' | 'pdf',
    readonly actor: Actor,
  ) {
    super();
  }
}
