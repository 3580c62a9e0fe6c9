import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DomainError } from '../domain/domain-error';
import { DownloadTokenSigner } from './download-token';
import { LocalDirectoryStorage } from './local-directory.storage';

const signer = new DownloadTokenSigner('test-access-secret-0123456789abcdef0123456789');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(err)}`);
  return err;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LocalDirectoryStorage (integration, real file system)', () => {
  let base: string;
  let root: string;
  let storage: LocalDirectoryStorage;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'crm-local-storage-'));
    root = join(base, 'files');
    storage = new LocalDirectoryStorage({ root, publicBaseUrl: 'https://crm.example.ru', signer });
    await storage.start();
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('creates objects/, meta/ and tmp/ under the root when it starts on an empty data directory', async () => {
    expect((await readdir(root)).sort()).toEqual(['meta', 'objects', 'tmp']);
  });

  it('round-trips a Buffer: get, getBuffer, exists, stat with the stored content type', async () => {
    const bytes = Buffer.from('%PDF-1.7 договор', 'utf8');
    const info = await storage.put({ key: 'clients/c1/doc', body: bytes, contentType: 'application/pdf' });
    expect(info).toEqual({ key: 'clients/c1/doc', size: bytes.length, contentType: 'application/pdf' });
    expect(await readAll(await storage.get('clients/c1/doc'))).toEqual(bytes);
    expect(await storage.getBuffer('clients/c1/doc')).toEqual(bytes);
    expect(await storage.exists('clients/c1/doc')).toBe(true);
    expect(await storage.stat('clients/c1/doc')).toEqual(info);
    expect(await readFile(join(root, 'objects', 'clients/c1/doc'))).toEqual(bytes);
    expect(JSON.parse(await readFile(join(root, 'meta', 'clients/c1/doc.json'), 'utf8'))).toEqual({
      contentType: 'application/pdf',
      size: bytes.length,
    });
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('streams a multi-chunk upload to disk as it arrives, without waiting for the whole body', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const tmp = join(root, 'tmp');
    const tempBytes = async () => {
      const names = (await readdir(tmp)).filter((n) => n.endsWith('.data'));
      return names.length === 1 ? (await stat(join(tmp, names[0]))).size : 0;
    };
    async function* body() {
      yield chunk;
      // the second chunk comes only once the first is on disk: a buffering store would hang here
      await waitFor(async () => (await tempBytes()) >= chunk.length);
      yield Buffer.alloc(1024 * 1024, 0x62);
      yield Buffer.from('end');
    }
    const info = await storage.put({
      key: 'big/scan',
      body: Readable.from(body()),
      contentType: 'image/tiff',
    });
    expect(info.size).toBe(2 * 1024 * 1024 + 3);
    const back = await storage.getBuffer('big/scan');
    expect(back.subarray(0, 3).toString()).toBe('aaa');
    expect(back.subarray(-3).toString()).toBe('end');
    expect(back.length).toBe(info.size);
  });

  it('checks a declared size against a stream and stores nothing when they differ', async () => {
    const short = storage.put({
      key: 'x/short',
      body: Readable.from([Buffer.from('abc')]),
      contentType: 'text/plain',
      size: 10,
    });
    expect((await rejection(short)).fieldErrors[0].field).toBe('size');
    const long = storage.put({
      key: 'x/long',
      body: Readable.from([Buffer.from('abcdef'), Buffer.from('ghi')]),
      contentType: 'text/plain',
      size: 4,
    });
    expect((await rejection(long)).code).toBe('COMMON.VALIDATION');
    const buf = storage.put({ key: 'x/buf', body: Buffer.from('abc'), contentType: 'text/plain', size: 2 });
    expect((await rejection(buf)).code).toBe('COMMON.VALIDATION');
    expect(await storage.exists('x/short')).toBe(false);
    expect(await storage.exists('x/long')).toBe(false);
    expect(await storage.exists('x/buf')).toBe(false);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('leaves no half file and no temp file when the upload stream fails midway', async () => {
    async function* failing() {
      yield Buffer.alloc(64 * 1024, 1);
      throw new Error('client disconnected');
    }
    await expect(
      storage.put({ key: 'x/broken', body: Readable.from(failing()), contentType: 'application/pdf' }),
    ).rejects.toThrow('client disconnected');
    expect(await storage.exists('x/broken')).toBe(false);
    expect(existsSync(join(root, 'objects', 'x/broken'))).toBe(false);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('keeps the previous version intact when an overwrite fails, and replaces it when one succeeds', async () => {
    await storage.put({ key: 'k', body: Buffer.from('v1'), contentType: 'text/plain' });
    async function* failing() {
      yield Buffer.from('v2-partial');
      throw new Error('boom');
    }
    await expect(
      storage.put({ key: 'k', body: Readable.from(failing()), contentType: 'image/png' }),
    ).rejects.toThrow('boom');
    expect((await storage.getBuffer('k')).toString()).toBe('v1');
    await storage.put({ key: 'k', body: Buffer.from('version 2'), contentType: 'image/png' });
    expect((await storage.getBuffer('k')).toString()).toBe('version 2');
    expect(await storage.stat('k')).toEqual({ key: 'k', size: 9, contentType: 'image/png' });
  });

  it('deletes an object and its metadata; a second delete is a no-op; reading it then is 404', async () => {
    await storage.put({ key: 'a/b/c', body: Buffer.from('x'), contentType: 'text/plain' });
    await storage.delete('a/b/c');
    expect(await storage.exists('a/b/c')).toBe(false);
    expect(existsSync(join(root, 'meta', 'a/b/c.json'))).toBe(false);
    await expect(storage.delete('a/b/c')).resolves.toBeUndefined();
    expect((await rejection(storage.get('a/b/c'))).code).toBe('COMMON.NOT_FOUND');
    expect((await rejection(storage.getBuffer('a/b/c'))).code).toBe('COMMON.NOT_FOUND');
  });

  it('treats a "directory" of other objects as missing when it is read as an object', async () => {
    await storage.put({ key: 'dir/file', body: Buffer.from('x'), contentType: 'text/plain' });
    expect(await storage.exists('dir')).toBe(false);
    expect((await rejection(storage.get('dir'))).code).toBe('COMMON.NOT_FOUND');
    await storage.delete('dir');
    expect(await storage.exists('dir/file')).toBe(true);
  });

  it('answers STORAGE.KEY_CONFLICT when a key would need an existing object to be a directory', async () => {
    await storage.put({ key: 'p', body: Buffer.from('x'), contentType: 'text/plain' });
    expect(
      (await rejection(storage.put({ key: 'p/q', body: Buffer.from('y'), contentType: 'text/plain' }))).code,
    ).toBe('STORAGE.KEY_CONFLICT');
    await storage.put({ key: 'd/e', body: Buffer.from('y'), contentType: 'text/plain' });
    expect(
      (await rejection(storage.put({ key: 'd', body: Buffer.from('z'), contentType: 'text/plain' }))).code,
    ).toBe('STORAGE.KEY_CONFLICT');
    expect(await storage.exists('p/q')).toBe(false);
    await expect(storage.delete('p/q')).resolves.toBeUndefined();
    expect((await rejection(storage.get('p/q'))).code).toBe('COMMON.NOT_FOUND');
    expect((await storage.getBuffer('p')).toString()).toBe('x');
    expect((await storage.getBuffer('d/e')).toString()).toBe('y');
  });

  it.each(['../outside', '../../etc/passwd', 'a/../../outside', '/abs/path', 'a\\..\\outside', 'a/./b'])(
    'rejects the key %j on every operation and touches nothing outside the root when it tries to escape',
    async (key) => {
      const sentinel = join(base, 'outside');
      await writeFile(sentinel, 'keep me');
      const ops: Array<Promise<unknown>> = [
        storage.put({ key, body: Buffer.from('evil'), contentType: 'text/plain' }),
        storage.put({ key, body: Readable.from([Buffer.from('evil')]), contentType: 'text/plain' }),
        storage.get(key),
        storage.getBuffer(key),
        storage.exists(key),
        storage.delete(key),
        storage.downloadUrl(key, { expiresInSeconds: 60 }),
      ];
      for (const op of ops) expect((await rejection(op)).code).toBe('STORAGE.INVALID_KEY');
      expect(await readFile(sentinel, 'utf8')).toBe('keep me');
      expect((await readdir(base)).sort()).toEqual(['files', 'outside']);
    },
  );

  it('rejects a content type that could smuggle a header when one is given', async () => {
    const err = await rejection(
      storage.put({ key: 'x', body: Buffer.from('x'), contentType: 'text/html\r\nSet-Cookie: a=b' }),
    );
    expect(err.fieldErrors[0].field).toBe('contentType');
    expect(await storage.exists('x')).toBe(false);
  });

  it('builds a signed download URL under PUBLIC_BASE_URL whose token names the key, expiry and file name', async () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const clocked = new LocalDirectoryStorage({
      root,
      publicBaseUrl: 'https://crm.example.ru',
      signer,
      now: () => now,
    });
    const link = await clocked.downloadUrl('clients/c1/doc', {
      expiresInSeconds: 300,
      fileName: 'Паспорт.pdf',
    });
    expect(link.expiresAt).toBe('2026-11-22T10:05:00.000Z');
    const prefix = 'https://crm.example.ru/api/v1/files/';
    expect(link.url.startsWith(prefix)).toBe(true);
    expect(signer.verify(link.url.slice(prefix.length), now)).toEqual({
      key: 'clients/c1/doc',
      expiresAt: now / 1000 + 300,
      fileName: 'Паспорт.pdf',
    });
    for (const expiresInSeconds of [0, -5, 1.5, 7 * 86400 + 1]) {
      const err = await rejection(clocked.downloadUrl('clients/c1/doc', { expiresInSeconds }));
      expect(err.fieldErrors[0].field).toBe('expiresInSeconds');
    }
  });

  it('removes stale temp files but keeps fresh ones when it starts again', async () => {
    const tmp = join(root, 'tmp');
    await writeFile(join(tmp, 'crashed.data'), 'old');
    await writeFile(join(tmp, 'in-flight.data'), 'new');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(join(tmp, 'crashed.data'), twoHoursAgo, twoHoursAgo);
    await storage.start();
    expect(await readdir(tmp)).toEqual(['in-flight.data']);
  });

  it('passes its readiness check while the directory is writable and fails once it is gone', async () => {
    await expect(storage.check()).resolves.toBeUndefined();
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    await rm(root, { recursive: true, force: true });
    await expect(storage.check()).rejects.toThrow();
  });
});
