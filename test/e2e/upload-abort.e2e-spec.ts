import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newClient } from '../support/orders';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { PDF_BYTES, userWithToken } from '../support/uploads';

const BOUNDARY = 'abort-test-boundary';

/** `eventually` that says which condition was not met. */
async function until(label: string, check: () => boolean): Promise<void> {
  try {
    await eventually(async () => check(), 10_000);
  } catch (err) {
    throw new Error(`${label}: ${(err as Error).message}`);
  }
}

/**
 * Descriptors of files this process holds open (the test app runs in it). Sockets, pipes and
 * event descriptors are left out: the pool opens connections when background rounds and requests
 * overlap, and keeps them (DB_POOL_MIN), which is not a leak.
 */
const openFiles = (): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith('/');
    } catch {
      return false; // closed between the listing and the read
    }
  }).length;

/** Every file below `dir` (recursively); none when it does not exist. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/**
 * An upload whose client goes away mid-body leaves nothing behind: no temp file, no open
 * descriptor. The request is written by hand over a raw socket (a declared length far beyond what
 * is sent), the socket destroyed once the server is writing the file.
 */
describe('uploads aborted mid-body (e2e)', () => {
  let t: TestApp;
  let token: string;
  let clientId: string;
  let applicationId: string;
  let storageTmp: string;
  /** Import spool directories (`crm-import-*` in the OS temp dir) that were there before this test. */
  let preexisting: Set<string>;

  beforeAll(async () => {
    t = await startTestApp({ env: { CLIENT_IMPORT_SYNC_MAX_BYTES: '1024' } });
    token = (await userWithToken(t, 'admin')).token;
    clientId = await newClient(t.admin);
    const app = await t.admin.POST('/api/v1/applications', { body: { source: 'manual', text: 'x' } });
    applicationId = app.data!.id;
    storageTmp = join(t.config.dataDir, 'files', 'tmp');
    preexisting = new Set(importSpools());
  });
  afterAll(() => t.close());

  /** Spool directories of big CSV imports in the OS temp dir (not counting those there before). */
  function importSpools(): string[] {
    return readdirSync(tmpdir()).filter((d) => d.startsWith('crm-import-') && !preexisting?.has(d));
  }

  /** Sends headers and `sent` bytes of a multipart body declaring `declared` bytes; resolves with the socket. */
  function startUpload(path: string, fileName: string, head: Buffer, declared: number) {
    const preamble = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`,
    );
    const url = new URL(t.baseUrl);
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${declared}\r\n\r\n`,
    );
    socket.write(Buffer.concat([preamble, head]));
    return socket;
  }

  /** One complete upload over a raw socket, answered; warms up pools and lazily opened files. */
  async function completeUpload(path: string, fileName: string, content: Buffer): Promise<number> {
    const body = Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]);
    const res = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  const csv = (rows: number) =>
    Buffer.from(
      'fullName;email\n' +
        Array.from({ length: rows }, (_, i) => `Клиент Номер${i};abort.${i}@example-mail.ru`).join('\n'),
    );

  it('removes the temp file and closes its descriptor when the client aborts an upload', async () => {
    const uploads = [
      {
        path: `/api/v1/clients/${clientId}/documents`,
        name: 'паспорт 4510 123456.pdf',
        head: Buffer.concat([PDF_BYTES, Buffer.alloc(256 * 1024, 1)]),
        spool: () => filesUnder(storageTmp),
      },
      {
        path: `/api/v1/applications/${applicationId}/attachments`,
        name: 'scan.pdf',
        head: Buffer.concat([PDF_BYTES, Buffer.alloc(256 * 1024, 1)]),
        spool: () => filesUnder(storageTmp),
      },
      { path: '/api/v1/clients/import', name: 'clients.csv', head: csv(4000), spool: importSpools },
    ];
    for (const u of uploads)
      expect(await completeUpload(u.path, u.name, u.head.subarray(0, 2000))).toBeLessThan(500);
    await until(
      'warm-up leaves no temp files',
      () => filesUnder(storageTmp).length + importSpools().length === 0,
    );
    const baseline = openFiles();

    for (let round = 0; round < 2; round++) {
      for (const u of uploads) {
        // declared: half a megabyte more than is ever sent (within every endpoint's size limit)
        const socket = startUpload(u.path, u.name, u.head, u.head.length + 1024 + 512 * 1024);
        try {
          // the server is writing the file to its temp place before the client goes away
          await until(`${u.path} spools to a temp file`, () => u.spool().length > 0);
          // …and holds it open: what the check below counts
          await until(`${u.path} holds its temp file open`, () => openFiles() > baseline);
        } finally {
          socket.destroy();
        }
        await until(`${u.path} temp file removed after the abort`, () => u.spool().length === 0);
      }
    }
    await until(`file descriptors back to ${baseline} (+1)`, () => openFiles() <= baseline + 1);
    const live = await fetch(`${t.baseUrl}/health/live`);
    expect(live.status).toBe(200);
  });
});
