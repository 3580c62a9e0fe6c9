import { createHash } from 'node:crypto';
import { OBJECT_STORAGE, type ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { S3ObjectStorage } from '../../src/shared/storage/s3-object.storage';
import type { CrmClient } from '../../client';
import { clientBody, dbRows } from '../support/clients';
import { startS3Server, type TestS3Server } from '../support/s3rver';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { PDF_BYTES, PNG_BYTES, postFile, userWithToken } from '../support/uploads';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A link of the local store points at PUBLIC_BASE_URL; the test app listens on a random port. */
function reachable(t: TestApp, url: string): string {
  return url.startsWith(t.config.publicBaseUrl) ? t.baseUrl + new URL(url).pathname : url;
}

function suite(
  name: string,
  env: () => Promise<{ env: Record<string, string>; close: () => Promise<void> }>,
  // s3rver's signature check trips over the apostrophes of `filename*=UTF-8''…` (real S3 and MinIO do not)
  scanName: string,
) {
  describe(`client files (e2e, ${name})`, () => {
    let t: TestApp;
    let operator: CrmClient;
    let token: string;
    let accountant: CrmClient;
    let closeStore: () => Promise<void>;

    beforeAll(async () => {
      const store = await env();
      closeStore = store.close;
      t = await startTestApp({ env: store.env });
      ({ client: operator, token } = await userWithToken(t, 'operator'));
      accountant = (await t.userClient('accountant')).client;
    });
    afterAll(async () => {
      await t.close();
      await closeStore();
    });

    async function newClient(): Promise<string> {
      const r = await operator.POST('/api/v1/clients', { body: clientBody().body });
      return r.data!.id;
    }

    const path = (id: string) => `/api/v1/clients/${id}/documents`;

    it('uploads a scan with its sniffed type, lists it, downloads it through a short-lived link and deletes it', async () => {
      const id = await newClient();
      // the declared type lies: the content is a PDF
      const up = await postFile(t, token, path(id), { bytes: PDF_BYTES, name: scanName, type: 'image/png' });
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({
        clientId: id,
        fileName: scanName,
        contentType: 'application/pdf',
        size: PDF_BYTES.length,
        sha256: sha256(PDF_BYTES),
      });
      const png = await postFile(t, token, path(id), { bytes: PNG_BYTES, name: 'visa.png' });
      expect(png.body.contentType).toBe('image/png');

      const list = await operator.GET('/api/v1/clients/{id}/documents', { params: { path: { id } } });
      expect(list.data!.total).toBe(2);
      expect(list.data!.items.map((f) => f.id)).toEqual([up.body.id, png.body.id]);
      // accountants see the list but may not open scans
      expect(
        (await accountant.GET('/api/v1/clients/{id}/documents', { params: { path: { id } } })).response
          .status,
      ).toBe(200);
      const denied = await accountant.GET('/api/v1/clients/{id}/documents/{fileId}/download', {
        params: { path: { id, fileId: up.body.id } },
      });
      expect(denied.response.status).toBe(403);

      const link = await operator.GET('/api/v1/clients/{id}/documents/{fileId}/download', {
        params: { path: { id, fileId: up.body.id } },
      });
      expect(link.response.status).toBe(200);
      const ttl = Date.parse(link.data!.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(200_000);
      expect(ttl).toBeLessThanOrEqual(301_000);
      const res = await fetch(reachable(t, link.data!.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(PDF_BYTES));
      const reads = await eventually(async () => {
        const e = await t.admin.GET('/api/v1/audit', {
          params: { query: { action: 'pii.read', entityId: id, limit: 50 } },
        });
        const hits = e.data!.items.filter(
          (x) => (x.diff as { via?: string }).via === 'downloadClientDocument',
        );
        return hits.length > 0 ? hits : null;
      });
      expect(reads[0].diff).toEqual({
        fields: ['documents'],
        via: 'downloadClientDocument',
        fileId: up.body.id,
      });

      const del = await operator.DELETE('/api/v1/clients/{id}/documents/{fileId}', {
        params: { path: { id, fileId: up.body.id } },
      });
      expect(del.response.status).toBe(204);
      const after = await operator.GET('/api/v1/clients/{id}/documents', { params: { path: { id } } });
      expect(after.data!.items.map((f) => f.id)).toEqual([png.body.id]);
      const storage = t.app.get<ObjectStorage>(OBJECT_STORAGE);
      const [row] = await dbRows<{ object_key: string }>(
        t.db.url,
        `SELECT object_key FROM client_files WHERE id = $1`,
        [up.body.id],
      );
      await eventually(async () => !(await storage.exists(row.object_key)));
      const gone = await operator.GET('/api/v1/clients/{id}/documents/{fileId}/download', {
        params: { path: { id, fileId: up.body.id } },
      });
      expect(gone.response.status).toBe(404);
      const audits = await eventually(async () => {
        const e = await t.admin.GET('/api/v1/audit', {
          params: { query: { entityId: id, entity: 'client', limit: 50 } },
        });
        const names = e.data!.items.map((x) => x.action);
        return names.includes('clients.file-deleted') && names.includes('clients.file-attached')
          ? e.data!.items
          : null;
      });
      const attached = audits.find((x) => x.action === 'clients.file-attached')!;
      expect(JSON.stringify(attached.diff)).not.toContain(scanName.slice(0, 6));
    });

    it('rejects content that is not a scan with 415 whatever the declared type, and stores nothing', async () => {
      const id = await newClient();
      for (const bytes of ['<html><script>alert(1)</script></html>', 'MZ\x90\x00executable', '']) {
        const r = await postFile(t, token, path(id), { bytes, name: 'scan.pdf', type: 'application/pdf' });
        expect(r.status).toBe(415);
        expect(r.body.code).toBe('CLIENTS.FILE_TYPE');
      }
      const list = await operator.GET('/api/v1/clients/{id}/documents', { params: { path: { id } } });
      expect(list.data!.total).toBe(0);
    });

    it('answers 413 for a file over 20 MiB and keeps nothing of it', async () => {
      const id = await newClient();
      const big = Buffer.concat([PDF_BYTES, Buffer.alloc(20 * 1024 * 1024, 0x20)]);
      const r = await postFile(t, token, path(id), { bytes: big, name: 'big.pdf' });
      expect(r.status).toBe(413);
      expect(r.body.code).toBe('CLIENTS.FILE_TOO_LARGE');
      const rows = await dbRows(t.db.url, `SELECT 1 FROM client_files WHERE client_id = $1`, [id]);
      expect(rows).toHaveLength(0);
    });

    it('answers 415 to a JSON body, 422 to a form without a file and 404 for an unknown client', async () => {
      const id = await newClient();
      const json = await fetch(`${t.baseUrl}${path(id)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(json.status).toBe(415);
      const form = new FormData();
      form.append('note', 'no file here');
      const empty = await fetch(`${t.baseUrl}${path(id)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(empty.status).toBe(422);
      const unknown = await postFile(t, token, path('01890000-0000-7000-8000-0000000000aa'), {
        bytes: PDF_BYTES,
        name: 'x.pdf',
      });
      expect(unknown.status).toBe(404);
    });
  });
}

suite('local directory', async () => ({ env: {}, close: async () => undefined }), 'Паспорт Иванова.pdf');

let s3: TestS3Server;
suite(
  'S3 via s3rver',
  async () => {
    s3 = await startS3Server();
    return { env: s3.env('crm-client-files'), close: () => s3.close() };
  },
  'passport-ivanov.pdf',
);

describe('client files on S3: credentials', () => {
  it('rejects a wrong secret: the S3 server refuses the upload, and a tampered presigned link', async () => {
    const server = await startS3Server();
    try {
      const good = new S3ObjectStorage({
        endpoint: server.endpoint,
        accessKey: 'S3RVER',
        secretKey: 'S3RVER',
        bucket: 'crm-secrets',
        region: 'us-east-1',
      });
      await good.start();
      await good.put({ key: 'clients/x/scan', body: PDF_BYTES, contentType: 'application/pdf' });
      const wrong = new S3ObjectStorage({
        endpoint: server.endpoint,
        accessKey: 'S3RVER',
        secretKey: 'not-the-secret',
        bucket: 'crm-secrets',
        region: 'us-east-1',
      });
      await expect(
        wrong.put({ key: 'clients/x/other', body: PDF_BYTES, contentType: 'application/pdf' }),
      ).rejects.toThrow();
      expect(await good.exists('clients/x/other')).toBe(false);
      const forged = await wrong.downloadUrl('clients/x/scan', { expiresInSeconds: 60 });
      expect((await fetch(forged.url)).status).toBe(403);
      const link = await good.downloadUrl('clients/x/scan', { expiresInSeconds: 60 });
      expect((await fetch(link.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
