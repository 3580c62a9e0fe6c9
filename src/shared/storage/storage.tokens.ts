import type { ObjectStorage } from './object-storage.port';

/** The concrete adapter behind `OBJECT_STORAGE` (with its start-up step); only the storage module uses it. */
export const STORAGE_ADAPTER = Symbol('STORAGE_ADAPTER');

export interface StorageAdapter extends ObjectStorage {
  readonly kind: 'local' | 's3';
  /** Creates the directory / the bucket when missing. */
  start(): Promise<void>;
}
