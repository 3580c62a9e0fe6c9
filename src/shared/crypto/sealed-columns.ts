import { SetMetadata } from '@nestjs/common';

export const SEALED_COLUMNS = 'crm:sealedColumns';

/** A column holding FieldCipher values (`v1:<keyId>:…`), for key rotation. */
export interface SealedColumn {
  table: string;
  column: string;
  /** Primary key column (uuid); `id` by default. */
  idColumn?: string;
  /** A column that mirrors the value's key id (kept in step on rotation; its index finds old rows fast). */
  keyIdColumn?: string;
  /** The associated data the value was sealed with, from the row id (e.g. `client:<id>`). */
  aad?: (id: string) => string;
}

/**
 * Marks a provider (usually the repository) of a module that stores sealed values, so
 * `npm run keys:rotate` finds every such column without knowing the module.
 */
export const SealsColumns = (columns: SealedColumn[]): ClassDecorator => SetMetadata(SEALED_COLUMNS, columns);
