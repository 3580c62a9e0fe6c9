import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, NotFoundError } from '../domain/domain-error';
import type { DownloadTokenSigner } from './download-token';
import { assertObjectKey } from './object-key';
import type { ObjectStorage, PutObjectInput, StoredObjectInfo } from './object-storage.port';
import {
  assertContentType,
  assertDeclaredSize,
  assertExpiry,
  SizeGuard,
  sizeMismatch,
} from './storage-input';

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/** Temp files older than this at start-up are left-overs of a crash, not uploads in flight. */
const STALE_TEMP_MS = 3600_000;

export interface LocalDirectoryStorageOptions {
  /** `DATA_DIR/files`: objects under `objects/`, metadata under `meta/`, uploads in flight under `tmp/`. */
  root: string;
  /** `PUBLIC_BASE_URL`: download links point at `${publicBaseUrl}/api/v1/files/<token>`. */
  publicBaseUrl: string;
  signer: DownloadTokenSigner;
  now?: () => number;
  /**
   * false: objects are not fsync'ed before they are renamed into place — only for a store that is
   * thrown away afterwards (backup:verify's scratch copy), where one fsync per object was most of
   * the time. Default true.
   */
  durable?: boolean;
}

interface Sidecar {
  contentType: string;
  size: number;
}

/**
 * Files in a local directory, for the quick start and single-server installs. Every write goes to
 * a temp file in the same file system, is fsync'ed and renamed into place, so readers never see half
 * a file. The object's bytes are the truth (`exists` means the object file is there); a JSON sidecar
 * under `meta/` keeps its content type. Download links are HMAC-signed tokens served by
 * `GET /api/v1/files/:token`.
 */
export class LocalDirectoryStorage implements ObjectStorage {
  readonly kind = 'local' as const;
  private readonly objectsDir: string;
  private readonly metaDir: string;
  private readonly tmpDir: string;
  private readonly now: () => number;

  constructor(private readonly options: LocalDirectoryStorageOptions) {
    this.objectsDir = join(options.root, 'objects');
    this.metaDir = join(options.root, 'meta');
    this.tmpDir = join(options.root, 'tmp');
    this.now = options.now ?? Date.now;
  }

  get root(): string {
    return this.options.root;
  }

  async start(): Promise<void> {
    await Promise.all([this.objectsDir, this.metaDir, this.tmpDir].map((d) => mkdir(d, { recursive: true })));
    const cutoff = this.now() - STALE_TEMP_MS;
    for (const name of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      const st = await stat(path).catch(() => null);
      if (st && st.mtimeMs < cutoff) await rm(path, { force: true, recursive: true });
    }
  }

  async put(input: PutObjectInput): Promise<StoredObjectInfo> {
    const { key, body, contentType, size } = input;
    assertObjectKey(key);
    assertContentType(contentType);
    assertDeclaredSize(size);
    const id = randomUUID();
    const tmpData = join(this.tmpDir, `${id}.data`);
    const tmpMeta = join(this.tmpDir, `${id}.json`);
    try {
      const written = await this.writeTemp(tmpData, body, size);
      const sidecar: Sidecar = { contentType, size: written };
      await writeFile(tmpMeta, JSON.stringify(sidecar), { flag: 'wx' });
      const dataPath = this.objectPath(key);
      const metaPath = this.metaPath(key);
      await this.mkdirFor(key, dataPath);
      await this.mkdirFor(key, metaPath);
      // metadata first: the object appears (rename of its bytes) only once its sidecar is in place
      await this.renameInto(key, tmpMeta, metaPath);
      await this.renameInto(key, tmpData, dataPath);
      return { key, size: written, contentType };
    } finally {
      await Promise.all([rm(tmpData, { force: true }), rm(tmpMeta, { force: true })]);
    }
  }

  /** The object's bytes as a stream plus what the download needs for its headers. */
  async open(key: string): Promise<{ stream: Readable; info: StoredObjectInfo }> {
    assertObjectKey(key);
    let handle;
    try {
      handle = await open(this.objectPath(key), 'r');
    } catch (err) {
      throw notFoundOr(err, key);
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new NotFoundError('file', key);
      const sidecar = await this.readSidecar(key);
      const stream = handle.createReadStream({ autoClose: true });
      return {
        stream,
        info: { key, size: st.size, contentType: sidecar?.contentType ?? DEFAULT_CONTENT_TYPE },
      };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    return (await this.open(key)).stream;
  }

  async getBuffer(key: string): Promise<Buffer> {
    assertObjectKey(key);
    try {
      return await readFile(this.objectPath(key));
    } catch (err) {
      throw notFoundOr(err, key);
    }
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    assertObjectKey(key);
    const st = await stat(this.objectPath(key)).catch(() => null);
    if (!st?.isFile()) return null;
    const sidecar = await this.readSidecar(key);
    return { key, size: st.size, contentType: sidecar?.contentType ?? DEFAULT_CONTENT_TYPE };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    const st = await stat(this.objectPath(key)).catch(() => null);
    // nothing there, or a "directory" of other objects rather than an object
    if (!st?.isFile()) return;
    await rm(this.objectPath(key), { force: true });
    await rm(this.metaPath(key), { force: true });
  }

  async downloadUrl(
    key: string,
    options: { expiresInSeconds: number; fileName?: string },
  ): Promise<{ url: string; expiresAt: string }> {
    assertObjectKey(key);
    assertExpiry(options.expiresInSeconds);
    const expiresAt = Math.floor(this.now() / 1000) + options.expiresInSeconds;
    const token = this.options.signer.sign({ key, expiresAt, fileName: options.fileName });
    return {
      url: `${this.options.publicBaseUrl}/api/v1/files/${token}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  /** The directory is there and writable (a probe file is written and removed). */
  async check(): Promise<void> {
    const probe = join(this.tmpDir, `probe-${randomUUID()}`);
    try {
      await writeFile(probe, 'ok', { flag: 'wx' });
    } finally {
      await rm(probe, { force: true });
    }
  }

  async *list(): AsyncIterable<{ key: string; size: number }> {
    const walk = async function* (
      dir: string,
      prefix: string,
    ): AsyncGenerator<{ key: string; size: number }> {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const path = join(dir, e.name);
        if (e.isDirectory()) yield* walk(path, `${prefix}${e.name}/`);
        else if (e.isFile()) yield { key: `${prefix}${e.name}`, size: (await stat(path)).size };
      }
    };
    yield* walk(this.objectsDir, '');
  }

  private objectPath(key: string): string {
    return join(this.objectsDir, key);
  }

  private metaPath(key: string): string {
    return join(this.metaDir, `${key}.json`);
  }

  /** Writes the body to a new temp file, fsync'ed before it is closed (`flush`), and returns its length. */
  private async writeTemp(path: string, body: Buffer | Readable, size: number | undefined): Promise<number> {
    if (Buffer.isBuffer(body)) {
      if (size !== undefined && size !== body.length) throw sizeMismatch(size, body.length, '');
      await writeFile(path, body, { flag: 'wx', mode: 0o640, flush: this.options.durable !== false });
      return body.length;
    }
    const guard = new SizeGuard(size);
    await pipeline(
      body,
      guard,
      createWriteStream(path, { flags: 'wx', mode: 0o640, flush: this.options.durable !== false }),
    );
    return guard.bytes;
  }

  private async readSidecar(key: string): Promise<Sidecar | null> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Sidecar;
    } catch {
      return null;
    }
  }

  private async mkdirFor(key: string, path: string): Promise<void> {
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (err) {
      throw conflictOr(err, key);
    }
  }

  private async renameInto(key: string, from: string, to: string): Promise<void> {
    try {
      await rename(from, to);
    } catch (err) {
      throw conflictOr(err, key);
    }
  }
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function notFoundOr(err: unknown, key: string): unknown {
  const code = errno(err);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' ? new NotFoundError('file', key) : err;
}

/** `a` and `a/b` cannot both be objects in a directory tree (they can on S3). */
function conflictOr(err: unknown, key: string): unknown {
  const code = errno(err);
  return code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOTEMPTY'
    ? new DomainError('STORAGE.KEY_CONFLICT', `The object key ${key} clashes with another object's path`, {
        key,
      })
    : err;
}
