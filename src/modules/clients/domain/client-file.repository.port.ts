import type { ClientFileProps } from './client-file';

export const CLIENT_FILE_REPOSITORY = Symbol('CLIENT_FILE_REPOSITORY');

export interface StoredClientFile extends ClientFileProps {
  id: string;
}

export interface ClientFileRepository {
  insert(file: StoredClientFile): Promise<void>;
  /** A file of this client that is not deleted, locked until the transaction ends. */
  findForUpdate(clientId: string, fileId: string): Promise<StoredClientFile | null>;
  markDeleted(fileId: string, by: string | null, at: Date): Promise<void>;
  /** Re-points every file of `fromClientId` to `toClientId` (merge); returns how many moved. */
  moveAll(fromClientId: string, toClientId: string): Promise<number>;
}
