import { createHash } from 'node:crypto';
import { DownloadTokenSigner } from '../../src/shared/storage/download-token';
import { OBJECT_STORAGE, type ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { S3ObjectStorage } from '../../src/shared/storage/s3-object.storage';
import { startS3Server, type TestS3Server } from '../support/s3rver';
import { startTestApp, type TestApp } from '../support/test-app';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200_000, 0x20), Buffer.from('\n%%EOF\n')]);

// comparing digests: jest's toEqual walks a 200 kB Buffer byte by byte
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The file name a browser takes from `filename*=UTF-8''…`. */
function extendedFileName(disposition: string | null): string | undefined {
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** A link of the app points at PUBLIC_BASE_URL; the test app listens on a random port instead. */
function onTestServer(t: TestApp, url: string): string {
  expect(url.startsWith(`${t.config.publicBaseUrl}/api/v1/files/`)).toBe(true);
  return t.baseUrl + new URL(url).pathname;
}

describe('storage (e2e, local directory)', () => {
  let t: TestApp;
  let storage: ObjectStorage;

  beforeAll(async () => {
    t = await startTestApp();
    storage = t.app.get<ObjectStorage>(OBJECT_STORAGE);
  });
  afterAll(() => t.close());

  it('reports storage: ok on /health/ready when the files directory is writable', async () => {
    const r = await t.client().GET('/health/ready');
    expect(r.response.status).toBe(200);
    expect(r.data).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok' } });
  });

  it('downloads a stored file through its signed link with type, length, Cyrillic name and no-store', async () => {
    await storage.put({ key: 'documents/e2e/contract-v1', body: PDF, contentType: 'application/pdf' });
    const link = await storage.downloadUrl('documents/e2e/contract-v1', {
      expiresInSeconds: 300,
      fileName: 'Договор № 2026-000123.pdf',
    });
    const res = await fetch(onTestServer(t, link.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(PDF.length));
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[\x20-\x7e]+"; filename\*=/,
    );
    expect(extendedFileName(res.headers.get('content-disposition'))).toBe('Договор № 2026-000123.pdf');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(PDF));
    // the link works without an access token, and it keeps working until it expires
    expect((await fetch(onTestServer(t, link.url))).status).toBe(200);
  });

  it('names the download after the key when the link was made without a file name', async () => {
    await storage.put({ key: 'scans/e2e/page-1.png', body: Buffer.from('png'), contentType: 'image/png' });
    const link = await storage.downloadUrl('scans/e2e/page-1.png', { expiresInSeconds: 60 });
    const res = await fetch(onTestServer(t, link.url));
    expect(res.status).toBe(200);
    expect(extendedFileName(res.headers.get('content-disposition'))).toBe('page-1.png');
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  it('answers 403 problem+json when the token was tampered with', async () => {
    await storage.put({ key: 'clients/a/passport', body: Buffer.from('scan a'), contentType: 'image/jpeg' });
    const link = await storage.downloadUrl('clients/a/passport', { expiresInSeconds: 300 });
    const token = new URL(link.url).pathname.split('/').pop()!;
    const [prefix, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { k: string; e: number };
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, k: 'clients/b/passport' })).toString(
      'base64url',
    );
    for (const bad of [`${prefix}.${forgedPayload}.${signature}`, `${token}x`, 'not-a-token']) {
      const res = await fetch(`${t.baseUrl}/api/v1/files/${bad}`);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { code: string; status: number };
      expect(body).toMatchObject({ status: 403, code: 'STORAGE.LINK_INVALID' });
    }
  });

  it('answers 410 problem+json when the link has expired', async () => {
    await storage.put({ key: 'documents/e2e/old', body: Buffer.from('old'), contentType: 'text/plain' });
    // a token signed by the app itself a while ago, valid for 60 s
    const signer = t.app.get(DownloadTokenSigner);
    const token = signer.sign({ key: 'documents/e2e/old', expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const res = await fetch(`${t.baseUrl}/api/v1/files/${token}`);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 410, code: 'STORAGE.LINK_EXPIRED' });
  });

  it('answers 404 problem+json when the file was deleted after the link was made', async () => {
    await storage.put({ key: 'documents/e2e/gone', body: Buffer.from('x'), contentType: 'text/plain' });
    const link = await storage.downloadUrl('documents/e2e/gone', { expiresInSeconds: 60 });
    await storage.delete('documents/e2e/gone');
    const res = await fetch(onTestServer(t, link.url));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('keeps download tokens out of the access log when links are used', async () => {
    await storage.put({ key: 'documents/e2e/logged', body: Buffer.from('x'), contentType: 'text/plain' });
    const link = await storage.downloadUrl('documents/e2e/logged', {
      expiresInSeconds: 60,
      fileName: 'Паспорт.pdf',
    });
    const token = new URL(link.url).pathname.split('/').pop()!;
    expect((await fetch(onTestServer(t, link.url))).status).toBe(200);
    const lines = t.logs.map((l) => JSON.stringify(l));
    expect(lines.some((l) => l.includes('/api/v1/files/[file-token]'))).toBe(true);
    expect(lines.some((l) => l.includes(token) || l.includes(token.split('.')[1]))).toBe(false);
  });
});

describe('storage (e2e, S3 via s3rver)', () => {
  let s3: TestS3Server;
  let t: TestApp;
  let s3Running = true;

  beforeAll(async () => {
    s3 = await startS3Server();
    t = await startTestApp({ env: s3.env('crm-e2e') });
  });
  afterAll(async () => {
    await t.close();
    if (s3Running) await s3.close();
  });

  it('creates the bucket at start and reports storage: ok on /health/ready', async () => {
    const adapter = t.app.get<ObjectStorage>(OBJECT_STORAGE);
    expect(adapter).toBeInstanceOf(S3ObjectStorage);
    expect(await (adapter as S3ObjectStorage).client.bucketExists('crm-e2e')).toBe(true);
    const r = await t.client().GET('/health/ready');
    expect(r.response.status).toBe(200);
    expect(r.data?.checks).toEqual({ database: 'ok', storage: 'ok' });
  });

  it('serves a file through a presigned S3 URL that plain HTTP can fetch', async () => {
    const storage = t.app.get<ObjectStorage>(OBJECT_STORAGE);
    await storage.put({ key: 'documents/s3/invoice', body: PDF, contentType: 'application/pdf' });
    const link = await storage.downloadUrl('documents/s3/invoice', {
      expiresInSeconds: 60,
      fileName: 'invoice.pdf',
    });
    expect(link.url.startsWith(`${s3.endpoint}/crm-e2e/documents/s3/invoice?`)).toBe(true);
    expect(link.url).toContain('X-Amz-Signature=');
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="invoice.pdf"');
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(PDF));
  });

  it('serves nothing on /api/v1/files when files live in S3', async () => {
    const token = t.app.get(DownloadTokenSigner).sign({
      key: 'documents/s3/invoice',
      expiresAt: Math.floor(Date.now() / 1000) + 60,
    });
    const res = await fetch(`${t.baseUrl}/api/v1/files/${token}`);
    expect(res.status).toBe(404);
  });

  it('reports storage: fail with 503 on /health/ready when the S3 server is down', async () => {
    await s3.close();
    s3Running = false;
    const r = await t.client().GET('/health/ready');
    expect(r.response.status).toBe(503);
    expect(r.data ?? r.error).toMatchObject({ status: 'fail', checks: { database: 'ok', storage: 'fail' } });
  });
});
