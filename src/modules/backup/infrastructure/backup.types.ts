import type { AppConfig } from '../../../config/app-config';
import type { EmbeddedPostgres } from '../../../shared/database/embedded-postgres';
import type { ObjectStorage } from '../../../shared/storage/object-storage.port';

export interface BackupProgress {
  phase:
    | 'database'
    | 'objects'
    | 'checking'
    | 'restoring database'
    | 'restoring objects'
    | 'migrating'
    | 'comparing';
  /** Bytes of the current phase (plain bytes read or written). */
  bytes: number;
  objects: number;
}

/** Where the database of an operation is: PostgreSQL by URL, or the embedded database (PGlite). */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'embedded'; db: EmbeddedPostgres };

export interface OperationContext {
  config: AppConfig;
  storage: ObjectStorage;
  database: DatabaseTarget;
  progress?: (p: BackupProgress) => void;
  log?: (line: string) => void;
}
