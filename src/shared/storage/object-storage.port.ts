import type { Readable } from 'node:stream';

export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');

export interface StoredObjectInfo {
  key: string;
  size: number;
  contentType: string;
}

export interface PutObjectInput {
  /** Unguessable, e.g. `clients/<clientId>/<uuidv7>`; never derived from user input alone. */
  key: string;
  body: Buffer | Readable;
  contentType: string;
  /** Required when `body` is a stream of known length (S3 needs it for a single PUT). */
  size?: number;
}

/**
 * Files (PDFs, scans, template assets, Telegram attachments) live behind this port.
 * Adapters: a local directory under DATA_DIR (the default) and S3 / MinIO via the `minio` client.
 */
export interface ObjectStorage {
  put(input: PutObjectInput): Promise<StoredObjectInfo>;
  get(key: string): Promise<Readable>;
  getBuffer(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * A short-lived URL to download the object: S3 presigned on S3; on the local store an
   * HMAC-signed, expiring URL served by the API itself.
   */
  downloadUrl(
    key: string,
    options: { expiresInSeconds: number; fileName?: string },
  ): Promise<{ url: string; expiresAt: string }>;
  /** Used by GET /health/ready. */
  check(): Promise<void>;
  /** Every stored object (key and size), in no particular order; backups walk the store with it. */
  list(): AsyncIterable<{ key: string; size: number }>;
  /** Size and content type of an object, or null when there is none. */
  stat(key: string): Promise<StoredObjectInfo | null>;
}
