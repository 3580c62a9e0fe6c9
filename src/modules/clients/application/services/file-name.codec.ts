import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';

/** Where a sealed file name lives; the row id is bound as associated data. */
export type FileNameTable = 'client_files' | 'client_import_jobs';

/**
 * Seals the name of an uploaded file (often `паспорт 4510 123456.pdf`) with FieldCipher, bound to
 * its table and row id, so a value copied onto another row does not decrypt.
 */
@Injectable()
export class FileNameCodec {
  constructor(private readonly cipher: FieldCipher) {}

  static aad(table: FileNameTable): (id: string) => string {
    return (id) => `${table}.file_name:${id}`;
  }

  seal(table: FileNameTable, id: string, name: string): string;
  seal(table: FileNameTable, id: string, name: string | null): string | null;
  seal(table: FileNameTable, id: string, name: string | null): string | null {
    return name === null ? null : this.cipher.encrypt(name, FileNameCodec.aad(table)(id));
  }

  /** The sealed name when there is one, else the clear name of a row the backfill has not reached. */
  open(table: FileNameTable, id: string, sealed: string | null, clear: string | null): string | null {
    return sealed === null ? clear : this.cipher.decrypt(sealed, FileNameCodec.aad(table)(id));
  }
}
