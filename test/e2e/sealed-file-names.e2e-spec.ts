import { randomUUID } from 'node:crypto';
import { AttachmentNameBackfill } from '../../src/modules/applications/infrastructure/persistence/attachment-name.backfill';
import { FileNameBackfill } from '../../src/modules/clients/infrastructure/persistence/file-name.backfill';
import { KeyRotationService } from '../../src/shared/crypto/key-rotation.service';
import { clientBody, dbRows, pgDump } from '../support/clients';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { PDF_BYTES, PNG_BYTES, postFile, userWithToken } from '../support/uploads';

const SECRET = '4510 123456';
const PDF_NAME = `паспорт ${SECRET}.pdf`;

/** Every way the number could sit in a dump: as text, as UTF-8 bytes, percent- or JSON-escaped. */
function leaks(dump: string): string[] {
  const bytes = Buffer.from(dump, 'utf8');
  const forms = [SECRET, '4510%20123456', '4510+123456', '4510\\u0020123456', '4510123456'];
  return forms.filter((f) => dump.includes(f) || bytes.includes(Buffer.from(f, 'utf8')));
}

describe('sealed file names (e2e)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await userWithToken(t, 'operator'));
  });
  afterAll(() => t.close());

  it('keeps a passport number in uploaded file names out of a pg_dump while the API still shows the names when an admin reads them', async () => {
    const client = await t.admin.POST('/api/v1/clients', { body: clientBody().body });
    const clientId = client.data!.id;
    const file = await postFile(t, token, `/api/v1/clients/${clientId}/documents`, {
      bytes: PDF_BYTES,
      name: PDF_NAME,
    });
    expect(file.status).toBe(201);

    const app = await t.admin.POST('/api/v1/applications', {
      body: { source: 'telegram', text: 'скан паспорта' } as never,
    });
    expect(app.response.status).toBe(201);
    const appId = app.data!.id;
    const att = await postFile(t, token, `/api/v1/applications/${appId}/attachments`, {
      bytes: PNG_BYTES,
      name: `паспорт ${SECRET}.png`,
    });
    expect(att.status).toBe(201);

    const imp = await postFile(t, token, '/api/v1/clients/import', {
      bytes: 'ФИО;Телефон\nИванов Иван;+79161234567\n',
      name: `паспорт ${SECRET}.csv`,
      type: 'text/csv',
    });
    expect(imp.status).toBe(200);

    // the audit trail and timeline are written by the outbox relay: wait until it has delivered
    await eventually(async () => {
      const [r] = await dbRows<{ n: string }>(
        t.db.url,
        `SELECT count(*) AS n FROM outbox WHERE status = 'pending'`,
      );
      return Number(r.n) === 0 ? true : null;
    });

    expect(leaks(pgDump(t.db.url))).toEqual([]);

    const files = await t.admin.GET('/api/v1/clients/{id}/documents', { params: { path: { id: clientId } } });
    expect(files.data!.items.map((f) => f.fileName)).toEqual([PDF_NAME]);
    const got = await t.admin.GET('/api/v1/applications/{id}', { params: { path: { id: appId } } });
    expect(got.data!.attachments.map((a) => a.fileName)).toEqual([`паспорт ${SECRET}.png`]);
    const job = await t.admin.GET('/api/v1/clients/import/{jobId}', {
      params: { path: { jobId: imp.body.id }, query: {} },
    });
    expect(job.data!.fileName).toBe(`паспорт ${SECRET}.csv`);
    const link = await t.admin.GET('/api/v1/applications/{id}/attachments/{attachmentId}/download', {
      params: { path: { id: appId, attachmentId: att.body.id } },
    });
    expect(link.response.status).toBe(200);
  });

  it('seals clear names stored before sealing when the backfill runs, and key rotation walks the new columns', async () => {
    const client = await t.admin.POST('/api/v1/clients', { body: clientBody().body });
    const clientId = client.data!.id;
    const fileId = randomUUID();
    const jobId = randomUUID();
    await dbRows(
      t.db.url,
      `INSERT INTO client_files (id, client_id, object_key, file_name, content_type, size, sha256, uploaded_at)
       VALUES ($1, $2, 'clients/x', $3, 'application/pdf', 1, 'x', now())`,
      [fileId, clientId, `старый ${SECRET}.pdf`],
    );
    await dbRows(
      t.db.url,
      `INSERT INTO client_import_jobs (id, status, dry_run, file_name) VALUES ($1, 'completed', true, $2)`,
      [jobId, `старый ${SECRET}.csv`],
    );
    const app = await t.admin.POST('/api/v1/applications', {
      body: { source: 'telegram', text: 'старое вложение' } as never,
    });
    const appId = app.data!.id;
    const attId = randomUUID();
    await dbRows(t.db.url, `UPDATE applications SET attachments = $2::jsonb WHERE id = $1`, [
      appId,
      JSON.stringify([
        {
          id: attId,
          key: `applications/${appId}/${attId}`,
          fileName: `старый ${SECRET}.png`,
          contentType: 'image/png',
          size: 1,
        },
      ]),
    ]);
    // before the backfill the clear names are read as they are
    const before = await t.admin.GET('/api/v1/clients/{id}/documents', {
      params: { path: { id: clientId } },
    });
    expect(before.data!.items.map((f) => f.fileName)).toEqual([`старый ${SECRET}.pdf`]);
    expect(leaks(pgDump(t.db.url))).not.toEqual([]);

    expect(await t.app.get(FileNameBackfill).run()).toBe(2);
    expect(await t.app.get(AttachmentNameBackfill).run()).toBe(1);
    // idempotent: a second run finds nothing left
    expect(await t.app.get(FileNameBackfill).run()).toBe(0);
    expect(await t.app.get(AttachmentNameBackfill).run()).toBe(0);

    expect(leaks(pgDump(t.db.url))).toEqual([]);
    const [row] = await dbRows<{ file_name: string | null; file_name_sealed: string }>(
      t.db.url,
      `SELECT file_name, file_name_sealed FROM client_files WHERE id = $1`,
      [fileId],
    );
    expect(row.file_name).toBeNull();
    expect(row.file_name_sealed).toMatch(/^v1:/);
    const after = await t.admin.GET('/api/v1/clients/{id}/documents', { params: { path: { id: clientId } } });
    expect(after.data!.items.map((f) => f.fileName)).toEqual([`старый ${SECRET}.pdf`]);
    const job = await t.admin.GET('/api/v1/clients/import/{jobId}', {
      params: { path: { jobId }, query: {} },
    });
    expect(job.data!.fileName).toBe(`старый ${SECRET}.csv`);
    const got = await t.admin.GET('/api/v1/applications/{id}', { params: { path: { id: appId } } });
    expect(got.data!.attachments.map((a) => a.fileName)).toEqual([`старый ${SECRET}.png`]);

    const columns = t.app
      .get(KeyRotationService, { strict: false })
      .columns()
      .map((c) => `${c.table}.${c.column}`);
    expect(columns).toEqual(
      expect.arrayContaining(['client_files.file_name_sealed', 'client_import_jobs.file_name_sealed']),
    );
  });
});
