import type { Client } from 'minio';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import type { S3Config } from '../../config/app-config';
import { NotFoundError } from '../domain/domain-error';
import { onFirstUse } from '../runtime/on-first-use';
import { contentDisposition } from './content-disposition';
import { assertObjectKey } from './object-key';
import type { ObjectStorage, PutObjectInput, StoredObjectInfo } from './object-storage.port';
import {
  assertContentType,
  assertDeclaredSize,
  assertExpiry,
  SizeGuard,
  sizeMismatch,
} from './storage-input';

/**
 * Upload part size. minio buffers one part in memory per upload (and a whole object below this
 * size), so it bounds memory per concurrent upload; its default is 64 MiB, S3's minimum 5 MiB.
 */
const PART_SIZE = 16 * 1024 * 1024;

export interface S3ObjectStorageOptions {
  now?: () => number;
  /** Where streams of unknown length are spooled before upload; the OS temp directory by default. */
  spoolDir?: string;
}

/** `S3_ENDPOINT` (`http(s)://host[:port]`) as the minio client wants it. */
export function parseS3Endpoint(endpoint: string): { endPoint: string; port: number; useSSL: boolean } {
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return {
    endPoint: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
  };
}

/** minio, loaded by the first S3 storage made: an installation keeping its files on disk never loads it. */
const minio = onFirstUse<typeof import('minio')>('minio');

/**
 * Objects in an S3-compatible bucket (MinIO in production) through the `minio` client, path-style
 * (`http://host:9000/bucket/key`), which MinIO and single-host endpoints need. The bucket is created
 * at start-up when missing; downloads are presigned GET URLs that the storage server itself checks.
 */
export class S3ObjectStorage implements ObjectStorage {
  readonly kind = 's3' as const;
  readonly client: Client;
  /** Signs download links for S3_PUBLIC_ENDPOINT (the host browsers reach); the client itself otherwise. */
  private readonly signer: Client;
  private readonly now: () => number;
  private readonly spoolDir: string;

  constructor(
    private readonly config: S3Config,
    options: S3ObjectStorageOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.spoolDir = options.spoolDir ?? tmpdir();
    const { Client } = minio();
    this.client = new Client({
      ...parseS3Endpoint(config.endpoint),
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      region: config.region,
      pathStyle: true,
      partSize: PART_SIZE,
    });
    // a presigned URL's signature covers its host, so it is made for the public endpoint directly
    this.signer = config.publicEndpoint
      ? new Client({
          ...parseS3Endpoint(config.publicEndpoint),
          accessKey: config.accessKey,
          secretKey: config.secretKey,
          region: config.region,
          pathStyle: true,
        })
      : this.client;
  }

  get bucket(): string {
    return this.config.bucket;
  }

  /** Creates the bucket unless it exists; a replica that loses the race to create it is fine. */
  async start(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.config.region);
    } catch (err) {
      if (!(await this.client.bucketExists(this.bucket))) throw err;
    }
  }

  async put(input: PutObjectInput): Promise<StoredObjectInfo> {
    const { key, body, contentType, size } = input;
    assertObjectKey(key);
    assertContentType(contentType);
    assertDeclaredSize(size);
    const meta = { 'Content-Type': contentType };
    if (Buffer.isBuffer(body)) {
      if (size !== undefined && size !== body.length) throw sizeMismatch(size, body.length, '');
      await this.client.putObject(this.bucket, key, body, body.length, meta);
      return { key, size: body.length, contentType };
    }
    if (size === undefined) return this.putSpooled(key, body, contentType);
    // the guard fails the upload stream (so nothing is stored) if the length differs from `size`
    const guard = new SizeGuard(size);
    pipeline(body, guard, () => undefined);
    try {
      await this.client.putObject(this.bucket, key, guard, size, meta);
    } catch (err) {
      guard.destroy();
      throw err;
    }
    return { key, size: guard.bytes, contentType };
  }

  /**
   * A stream of unknown length goes to a temp file first: minio would otherwise size its in-memory
   * parts for the largest possible object (hundreds of MiB per upload).
   */
  private async putSpooled(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo> {
    const dir = await mkdtemp(join(this.spoolDir, 'crm-upload-'));
    try {
      const path = join(dir, 'body');
      await pipelineAsync(body, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      const { size } = await stat(path);
      return await this.put({ key, body: createReadStream(path), contentType, size });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    assertObjectKey(key);
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (err) {
      throw notFoundOr(err, key);
    }
  }

  async getBuffer(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async exists(key: string): Promise<boolean> {
    assertObjectKey(key);
    try {
      await this.client.statObject(this.bucket, key);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await this.client.removeObject(this.bucket, key);
  }

  async downloadUrl(
    key: string,
    options: { expiresInSeconds: number; fileName?: string },
  ): Promise<{ url: string; expiresAt: string }> {
    assertObjectKey(key);
    assertExpiry(options.expiresInSeconds);
    const signedAt = new Date(Math.floor(this.now() / 1000) * 1000);
    const headers: Record<string, string> = { 'response-cache-control': 'private, no-store' };
    if (options.fileName !== undefined) {
      // plain ASCII names go without `filename*`: its apostrophes trip s3rver's signature check
      headers['response-content-disposition'] = contentDisposition(options.fileName, {
        extended: 'when-needed',
      });
    }
    const url = await this.signer.presignedGetObject(
      this.bucket,
      key,
      options.expiresInSeconds,
      headers,
      signedAt,
    );
    return { url, expiresAt: new Date(signedAt.getTime() + options.expiresInSeconds * 1000).toISOString() };
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    assertObjectKey(key);
    try {
      const st = await this.client.statObject(this.bucket, key);
      const contentType =
        (st.metaData as Record<string, string>)['content-type'] ?? 'application/octet-stream';
      return { key, size: st.size, contentType };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async *list(): AsyncIterable<{ key: string; size: number }> {
    const stream = this.client.listObjectsV2(this.bucket, '', true);
    for await (const item of stream as AsyncIterable<{ name?: string; size?: number }>) {
      if (item.name !== undefined) yield { key: item.name, size: item.size ?? 0 };
    }
  }

  /** The bucket answers to our credentials. */
  async check(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) {
      throw new Error(`bucket ${this.bucket} does not exist`);
    }
  }
}

function isMissing(err: unknown): boolean {
  return err instanceof minio().S3Error && (err.code === 'NoSuchKey' || err.code === 'NotFound');
}

function notFoundOr(err: unknown, key: string): unknown {
  return isMissing(err) ? new NotFoundError('file', key) : err;
}
