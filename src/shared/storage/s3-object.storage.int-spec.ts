import { S3Error } from 'minio';
import { Readable } from 'node:stream';
import { loadConfig } from '../../config/app-config';
import {
  S3RVER_ACCESS_KEY,
  S3RVER_SECRET_KEY,
  startS3Server,
  type TestS3Server,
} from '../../../test/support/s3rver';
import { DomainError } from '../domain/domain-error';
import { parseS3Endpoint, S3ObjectStorage } from './s3-object.storage';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('S3ObjectStorage (integration, against s3rver on 127.0.0.1)', () => {
  let s3: TestS3Server;
  let storage: S3ObjectStorage;
  const bucket = 'crm-files';

  const make = (over: { secretKey?: string; bucket?: string; now?: () => number } = {}) =>
    new S3ObjectStorage(
      {
        endpoint: s3.endpoint,
        accessKey: S3RVER_ACCESS_KEY,
        secretKey: over.secretKey ?? S3RVER_SECRET_KEY,
        bucket: over.bucket ?? bucket,
        region: 'us-east-1',
      },
      { now: over.now },
    );

  beforeAll(async () => {
    s3 = await startS3Server();
    storage = make();
  });
  afterAll(() => s3.close());

  it('creates the bucket when it starts and the bucket is missing, and starts again without error', async () => {
    expect(await storage.client.bucketExists(bucket)).toBe(false);
    await expect(storage.check()).rejects.toThrow(/does not exist/);
    await storage.start();
    expect(await storage.client.bucketExists(bucket)).toBe(true);
    await expect(storage.start()).resolves.toBeUndefined();
    await expect(storage.check()).resolves.toBeUndefined();
  });

  it('round-trips a Buffer with its content type: get, getBuffer, exists', async () => {
    const bytes = Buffer.from('%PDF-1.7 счёт', 'utf8');
    const info = await storage.put({ key: 'documents/d1/v1', body: bytes, contentType: 'application/pdf' });
    expect(info).toEqual({ key: 'documents/d1/v1', size: bytes.length, contentType: 'application/pdf' });
    const chunks: Buffer[] = [];
    for await (const c of await storage.get('documents/d1/v1')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
    expect(await storage.getBuffer('documents/d1/v1')).toEqual(bytes);
    expect(await storage.exists('documents/d1/v1')).toBe(true);
    const stat = await storage.client.statObject(bucket, 'documents/d1/v1');
    expect(stat.metaData['content-type']).toBe('application/pdf');
  });

  it('stores streams of known and of unknown length', async () => {
    const a = Buffer.alloc(300_000, 7);
    const known = await storage.put({
      key: 'uploads/known',
      body: Readable.from([a.subarray(0, 100_000), a.subarray(100_000)]),
      contentType: 'image/jpeg',
      size: a.length,
    });
    expect(known.size).toBe(a.length);
    const unknown = await storage.put({
      key: 'uploads/unknown',
      body: Readable.from([Buffer.from('part one, '), Buffer.from('part two')]),
      contentType: 'text/plain',
    });
    expect(unknown.size).toBe(18);
    expect((await storage.getBuffer('uploads/known')).equals(a)).toBe(true);
    expect((await storage.getBuffer('uploads/unknown')).toString()).toBe('part one, part two');
  });

  it('stores nothing when a stream is shorter or longer than its declared size', async () => {
    const short = await rejection(
      storage.put({
        key: 'uploads/short',
        body: Readable.from([Buffer.from('abc')]),
        contentType: 'text/plain',
        size: 9,
      }),
    );
    expect(short).toBeInstanceOf(DomainError);
    expect((short as DomainError).fieldErrors[0].field).toBe('size');
    const long = await rejection(
      storage.put({
        key: 'uploads/long',
        body: Readable.from([Buffer.from('abcdef')]),
        contentType: 'text/plain',
        size: 2,
      }),
    );
    expect((long as DomainError).code).toBe('COMMON.VALIDATION');
    expect(await storage.exists('uploads/short')).toBe(false);
    expect(await storage.exists('uploads/long')).toBe(false);
  });

  it('serves a presigned URL over plain HTTP with the bytes, content type, file name and no-store', async () => {
    await storage.put({
      key: 'documents/d2/v1',
      body: Buffer.from('invoice bytes'),
      contentType: 'application/pdf',
    });
    const link = await storage.downloadUrl('documents/d2/v1', {
      expiresInSeconds: 120,
      fileName: 'invoice-2026-000123.pdf',
    });
    expect(link.url.startsWith(`${s3.endpoint}/${bucket}/documents/d2/v1?`)).toBe(true);
    const expiresIn = Date.parse(link.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(115_000);
    expect(expiresIn).toBeLessThanOrEqual(120_000);
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="invoice-2026-000123.pdf"');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(await res.text()).toBe('invoice bytes');
  });

  it('signs download links for S3_PUBLIC_ENDPOINT when the API reaches storage by another name', async () => {
    const publicEndpoint = s3.endpoint.replace('127.0.0.1', 'localhost');
    const viaPublic = new S3ObjectStorage({
      endpoint: s3.endpoint,
      publicEndpoint,
      accessKey: S3RVER_ACCESS_KEY,
      secretKey: S3RVER_SECRET_KEY,
      bucket,
      region: 'us-east-1',
    });
    await viaPublic.put({
      key: 'documents/pub/v1',
      body: Buffer.from('public bytes'),
      contentType: 'text/plain',
    });
    const link = await viaPublic.downloadUrl('documents/pub/v1', { expiresInSeconds: 60 });
    expect(link.url.startsWith(`${publicEndpoint}/${bucket}/documents/pub/v1?`)).toBe(true);
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('public bytes');
  });

  it('asks S3 for a filename* disposition when the file name is Cyrillic', async () => {
    // s3rver 4.0.4 cannot verify this URL: it canonicalises query values with encodeURIComponent,
    // which leaves the apostrophes of filename*=UTF-8''… bare where SigV4 (minio, AWS, MinIO) escapes them
    const link = await storage.downloadUrl('documents/d2/v1', {
      expiresInSeconds: 60,
      fileName: 'Счёт №123.pdf',
    });
    const disposition = new URL(link.url).searchParams.get('response-content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toBe('Счёт №123.pdf');
  });

  it('has its presigned URL refused by the server once the expiry has passed', async () => {
    await storage.put({ key: 'documents/d3/v1', body: Buffer.from('old'), contentType: 'text/plain' });
    const twoHoursAgo = Date.now() - 2 * 3600_000;
    const link = await make({ now: () => twoHoursAgo }).downloadUrl('documents/d3/v1', {
      expiresInSeconds: 60,
    });
    expect(Date.parse(link.expiresAt)).toBeLessThan(Date.now());
    const res = await fetch(link.url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Request has expired');
  });

  it('has a presigned URL refused when it is altered to point at another object', async () => {
    await storage.put({
      key: 'clients/c1/passport',
      body: Buffer.from('secret scan'),
      contentType: 'image/jpeg',
    });
    await storage.put({
      key: 'clients/c2/passport',
      body: Buffer.from('other scan'),
      contentType: 'image/jpeg',
    });
    const link = await storage.downloadUrl('clients/c1/passport', { expiresInSeconds: 60 });
    const res = await fetch(link.url.replace('clients/c1/', 'clients/c2/'));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('SignatureDoesNotMatch');
  });

  it('deletes an object (twice without error); reading it then is COMMON.NOT_FOUND', async () => {
    await storage.put({ key: 'tmp/x', body: Buffer.from('x'), contentType: 'text/plain' });
    await storage.delete('tmp/x');
    await storage.delete('tmp/x');
    expect(await storage.exists('tmp/x')).toBe(false);
    const err = await rejection(storage.get('tmp/x'));
    expect((err as DomainError).code).toBe('COMMON.NOT_FOUND');
  });

  it('rejects a client with a wrong secret key: the error surfaces and nothing is stored', async () => {
    const intruder = make({ secretKey: 'not-the-secret-key' });
    const err = await rejection(
      intruder.put({ key: 'evil/object', body: Buffer.from('evil'), contentType: 'text/plain' }),
    );
    expect(err).toBeInstanceOf(S3Error);
    expect((err as S3Error).code).toBe('SignatureDoesNotMatch');
    const streamed = await rejection(
      intruder.put({
        key: 'evil/stream',
        body: Readable.from([Buffer.from('evil')]),
        contentType: 'text/plain',
        size: 4,
      }),
    );
    expect((streamed as S3Error).code).toBe('SignatureDoesNotMatch');
    await expect(intruder.check()).rejects.toThrow();
    await expect(intruder.start()).rejects.toThrow();
    expect(await storage.exists('evil/object')).toBe(false);
    expect(await storage.exists('evil/stream')).toBe(false);
    const res = await fetch((await intruder.downloadUrl('documents/d1/v1', { expiresInSeconds: 60 })).url);
    expect(res.status).toBe(403);
  });

  it('rejects keys that are not safe relative paths before any request is made', async () => {
    const err = await rejection(
      storage.put({ key: '../x', body: Buffer.from('x'), contentType: 'text/plain' }),
    );
    expect((err as DomainError).code).toBe('STORAGE.INVALID_KEY');
  });
});

describe('S3 endpoint configuration', () => {
  it('derives host, port and TLS from S3_ENDPOINT when one is given with or without a port', () => {
    expect(parseS3Endpoint('http://minio:9000')).toEqual({ endPoint: 'minio', port: 9000, useSSL: false });
    expect(parseS3Endpoint('https://storage.yandexcloud.net')).toEqual({
      endPoint: 'storage.yandexcloud.net',
      port: 443,
      useSSL: true,
    });
    expect(parseS3Endpoint('http://[::1]:9000')).toEqual({ endPoint: '::1', port: 9000, useSSL: false });
  });

  it('refuses to start, naming S3_ENDPOINT, when the endpoint has a path or credentials', () => {
    const base = {
      NODE_ENV: 'test',
      DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      JWT_ACCESS_SECRET: 'a'.repeat(32),
      JWT_REFRESH_SECRET: 'b'.repeat(32),
      S3_ACCESS_KEY: 'k',
      S3_SECRET_KEY: 's',
      S3_BUCKET: 'crm-files',
    };
    expect(() => loadConfig({ ...base, S3_ENDPOINT: 'http://minio:9000/files' }, '/')).toThrow(/S3_ENDPOINT/);
    expect(() => loadConfig({ ...base, S3_ENDPOINT: 'http://user:pw@minio:9000' }, '/')).toThrow(
      /S3_ENDPOINT/,
    );
    expect(loadConfig({ ...base, S3_ENDPOINT: 'http://minio:9000/' }, '/').s3?.endpoint).toBe(
      'http://minio:9000/',
    );
    const publicOne = { ...base, S3_ENDPOINT: 'http://s3:9000' };
    expect(
      loadConfig({ ...publicOne, S3_PUBLIC_ENDPOINT: 'https://files.agency.example' }, '/').s3
        ?.publicEndpoint,
    ).toBe('https://files.agency.example');
    expect(() => loadConfig({ ...publicOne, S3_PUBLIC_ENDPOINT: 'https://x.example/files' }, '/')).toThrow(
      /S3_PUBLIC_ENDPOINT/,
    );
  });
});
