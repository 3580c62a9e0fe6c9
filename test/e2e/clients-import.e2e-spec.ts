import * as iconv from 'iconv-lite';
import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import {
  type Expected,
  existingClients,
  type ExistingClient,
  generateClientsCsv,
  type GeneratedCsv,
  toCsv,
} from '../support/client-csv';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { postFile, userWithToken } from '../support/uploads';

interface ReportRow {
  row: number;
  status: string;
  clientId: string | null;
  duplicateOfClientId: string | null;
  duplicateOfRow: number | null;
  field: string | null;
  reason: string | null;
}

interface Job {
  id: string;
  status: string;
  dryRun: boolean;
  encoding: string;
  delimiter: string;
  totals: { rows: number; created: number; duplicate: number; invalid: number };
  rows: { items: ReportRow[]; total: number; nextCursor: string | null };
}

const ROWS = 10_000;

async function createExisting(op: CrmClient, existing: ExistingClient[]): Promise<string[]> {
  const ids: string[] = [];
  for (const e of existing) {
    const r = await op.POST('/api/v1/clients', {
      body: {
        fullName: 'Существующий Клиент',
        phones: [e.phone],
        emails: [e.email],
        passports: [{ kind: 'internal', ...e.passport }],
      },
    });
    ids.push(r.data!.id);
  }
  return ids;
}

async function wholeReport(op: CrmClient, jobId: string): Promise<ReportRow[]> {
  const out: ReportRow[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await op.GET('/api/v1/clients/import/{jobId}', {
      params: { path: { jobId }, query: { limit: 200, cursor } },
    });
    out.push(...(r.data!.rows.items as ReportRow[]));
    if (!r.data!.rows.nextCursor) return out;
    cursor = r.data!.rows.nextCursor;
  }
}

/** Checks every row of the report against what the generator meant. */
function checkReport(report: ReportRow[], csv: GeneratedCsv, existingIds: string[]): void {
  expect(report).toHaveLength(csv.expected.size);
  const byRow = new Map(report.map((r) => [r.row, r]));
  const mismatches: string[] = [];
  for (const [line, want] of csv.expected as Map<number, Expected>) {
    const got = byRow.get(line);
    if (!got) {
      mismatches.push(`row ${line}: missing`);
      continue;
    }
    const ok =
      got.status === want.status &&
      (want.status === 'created'
        ? got.clientId !== null
        : want.status === 'invalid'
          ? got.field === want.field && typeof got.reason === 'string'
          : got.field === want.field &&
            ('ofRow' in want
              ? got.duplicateOfRow === want.ofRow &&
                got.duplicateOfClientId === byRow.get(want.ofRow)!.clientId
              : got.duplicateOfClientId === existingIds[want.ofExisting] && got.duplicateOfRow === null));
    if (!ok) mismatches.push(`row ${line}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
}

function counts(csv: GeneratedCsv) {
  const all = [...csv.expected.values()];
  return {
    rows: all.length,
    created: all.filter((e) => e.status === 'created').length,
    duplicate: all.filter((e) => e.status === 'duplicate').length,
    invalid: all.filter((e) => e.status === 'invalid').length,
  };
}

describe('clients CSV import (e2e)', () => {
  let t: TestApp;
  let op: CrmClient;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ client: op, token } = await userWithToken(t, 'operator'));
  });
  afterAll(() => t.close());

  const clientCount = async () =>
    Number((await dbRows<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM clients`))[0].n);

  it('imports a 10,000-row UTF-8 file (BOM, `;`, Russian header) with a correct per-row report; a second import creates nothing', async () => {
    const existing = existingClients(30);
    const existingIds = await createExisting(op, existing);
    const csv = generateClientsCsv(ROWS, existing);
    const text = `\uFEFF${toCsv(csv.header, csv.rows, ';')}`;
    const before = await clientCount();

    const r = await postFile(t, token, '/api/v1/clients/import', {
      bytes: text,
      name: 'клиенты.csv',
      type: 'text/csv',
    });
    expect(r.status).toBe(200);
    const job = r.body as Job;
    expect(job).toMatchObject({ status: 'completed', dryRun: false, encoding: 'utf-8', delimiter: ';' });
    expect(job.totals).toEqual(counts(csv));
    expect(job.totals.created).toBeGreaterThan(8000);
    expect(job.totals.duplicate).toBeGreaterThan(500);
    expect(job.totals.invalid).toBeGreaterThan(400);
    expect(await clientCount()).toBe(before + job.totals.created);

    const report = await wholeReport(op, job.id);
    checkReport(report, csv, existingIds);

    // created clients hold what the file said, normalised (quoted name with `;` and quotes, ДД.ММ.ГГГГ dates)
    for (const line of [7, 9, 12, 3002]) {
      const want = csv.createdData.get(line);
      if (!want) continue;
      const id = report.find((x) => x.row === line)!.clientId!;
      const c = await op.GET('/api/v1/clients/{id}', { params: { path: { id } } });
      expect(c.data).toMatchObject({
        fullName: want.fullName,
        phones: [want.phone],
        birthDate: want.birthDate,
      });
    }
    const quoted = await op.GET('/api/v1/clients/{id}', {
      params: { path: { id: report.find((x) => x.row === 7)!.clientId! } },
    });
    expect(quoted.data!.fullName).toBe('Иванов; "Вано", Иван');

    // filtered report
    const invalid = await op.GET('/api/v1/clients/import/{jobId}', {
      params: { path: { jobId: job.id }, query: { status: 'invalid', limit: 5 } },
    });
    expect(invalid.data!.rows.total).toBe(job.totals.invalid);
    expect(invalid.data!.rows.items.every((x) => x.status === 'invalid')).toBe(true);

    // the report and the audit never carry the values
    const reportText = JSON.stringify(report);
    expect(reportText).not.toContain(existing[0].phone);
    // every created client has its clients.created event in the outbox (written in the batch's transaction), masked
    const events = await dbRows<{ aggregate_id: string; payload: { source: string; diff: unknown } }>(
      t.db.url,
      `SELECT aggregate_id, payload FROM outbox WHERE name = 'clients.created' AND aggregate_id = ANY($1::uuid[])`,
      [report.filter((x) => x.status === 'created').map((x) => x.clientId)],
    );
    expect(events).toHaveLength(job.totals.created);
    expect(events.every((e) => e.payload.source === 'import')).toBe(true);
    const first = report.find((x) => x.status === 'created')!;
    const sample = events.find((e) => e.aggregate_id === first.clientId)!;
    expect(JSON.stringify(sample.payload)).not.toContain(csv.createdData.get(first.row)!.phone!.slice(2));
    // and the audit log records it (the first batch is delivered first)
    await eventually(async () => {
      const a = await t.admin.GET('/api/v1/audit', {
        params: { query: { action: 'clients.created', entityId: first.clientId!, limit: 5 } },
      });
      return a.data!.items.length === 1;
    }, 60_000);

    // re-import: every row that is not broken is a duplicate now; nothing is created
    const again = await postFile(t, token, '/api/v1/clients/import', { bytes: text, name: 'клиенты.csv' });
    expect(again.status).toBe(200);
    const second = again.body as Job;
    expect(second.totals).toEqual({
      rows: ROWS,
      created: 0,
      duplicate: job.totals.created + job.totals.duplicate,
      invalid: job.totals.invalid,
    });
    expect(await clientCount()).toBe(before + job.totals.created);
  }, 300_000);

  it('validates without writing on ?dryRun=true, reports duplicates within the file by row and goes on past a broken line', async () => {
    const before = await clientCount();
    const text = [
      'fullName,phone,email,birthDate',
      'Сидоров Сидор,+7 912 000-11-22,,17.05.1985',
      'Сидоров С.,8 (912) 000-11-22,,',
      'Без Контактов,,,',
      'Петрова Анна,,anna.dry@example-mail.ru,1990-13-01',
      'Кузнецов "Кузя,+7 912 000-11-99,,',
      'Орлова Ольга,,olga.dry@example-mail.ru,',
    ].join('\n');
    const r = await postFile(t, token, '/api/v1/clients/import?dryRun=true', {
      bytes: text,
      name: 'dry.csv',
    });
    expect(r.status).toBe(200);
    const job = r.body as Job;
    expect(job).toMatchObject({ dryRun: true, status: 'completed', encoding: 'utf-8', delimiter: ',' });
    expect(job.totals).toEqual({ rows: 6, created: 2, duplicate: 1, invalid: 3 });
    expect(job.rows.items).toEqual([
      {
        row: 2,
        status: 'created',
        clientId: null,
        duplicateOfClientId: null,
        duplicateOfRow: null,
        field: null,
        reason: null,
      },
      {
        row: 3,
        status: 'duplicate',
        clientId: null,
        duplicateOfClientId: null,
        duplicateOfRow: 2,
        field: 'phone',
        reason: null,
      },
      {
        row: 4,
        status: 'invalid',
        clientId: null,
        duplicateOfClientId: null,
        duplicateOfRow: null,
        field: 'phone',
        reason: expect.any(String),
      },
      {
        row: 5,
        status: 'invalid',
        clientId: null,
        duplicateOfClientId: null,
        duplicateOfRow: null,
        field: 'birthDate',
        reason: expect.any(String),
      },
      {
        row: 6,
        status: 'invalid',
        clientId: null,
        duplicateOfClientId: null,
        duplicateOfRow: null,
        field: 'row',
        reason: expect.stringContaining('not valid CSV'),
      },
      {
        row: 7,
        status: 'created',
        clientId: null,
        duplicateOfClientId: null,
        duplicateOfRow: null,
        field: null,
        reason: null,
      },
    ]);
    expect(await clientCount()).toBe(before);
  });

  it('answers 422 for a file without a name column or without rows, 415 for a JSON body, 403 for accountants', async () => {
    const noName = await postFile(t, token, '/api/v1/clients/import', {
      bytes: 'phone;email\n+79120001122;\n',
      name: 'x.csv',
    });
    expect(noName.status).toBe(422);
    expect(noName.body).toMatchObject({ code: 'CLIENTS.IMPORT_HEADER', errors: [{ field: 'header' }] });
    const empty = await postFile(t, token, '/api/v1/clients/import', { bytes: '', name: 'empty.csv' });
    expect(empty.status).toBe(422);
    const json = await fetch(`${t.baseUrl}/api/v1/clients/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const acc = await userWithToken(t, 'accountant');
    const denied = await postFile(t, acc.token, '/api/v1/clients/import', {
      bytes: 'ФИО\nА\n',
      name: 'a.csv',
    });
    expect(denied.status).toBe(403);
    const unknown = await op.GET('/api/v1/clients/import/{jobId}', {
      params: { path: { jobId: '01890000-0000-7000-8000-0000000000ee' } },
    });
    expect(unknown.response.status).toBe(404);
  });
  // last: a second app instance takes over the process-wide passport strategy
  it('imports a Windows-1251 copy (`,`, English header) the same way, as a background job when it is big', async () => {
    const t2 = await startTestApp({ env: { CLIENT_IMPORT_SYNC_MAX_BYTES: '10000' } });
    try {
      const { client: op2, token: token2 } = await userWithToken(t2, 'operator');
      const existing = existingClients(10);
      // the file is built first: building it blocks this process (and the app in it) for seconds on a
      // busy machine, and the server's keep-alive timer, overdue by then, would close the idle socket
      // just as the next request is written on it (ECONNRESET before the server read a byte)
      const csv = generateClientsCsv(ROWS, existing, true);
      const bytes = iconv.encode(toCsv(csv.header, csv.rows, ','), 'win1251');
      // let the in-process server's overdue keep-alive timers close idle sockets before the next request
      await new Promise((r) => setTimeout(r, 200));
      const existingIds = await createExisting(op2, existing);
      const r = await postFile(t2, token2, '/api/v1/clients/import', { bytes, name: 'clients-1251.csv' });
      expect(r.status).toBe(202);
      const accepted = r.body as Job;
      expect(accepted.status).toBe('processing');
      const job = await eventually(async () => {
        const g = await op2.GET('/api/v1/clients/import/{jobId}', {
          params: { path: { jobId: accepted.id } },
        });
        return g.data!.status === 'completed' ? (g.data as Job) : null;
      }, 180_000);
      expect(job).toMatchObject({ encoding: 'windows-1251', delimiter: ',' });
      expect(job.totals).toEqual(counts(csv));
      checkReport(await wholeReport(op2, job.id), csv, existingIds);
      const line = [...csv.createdData.keys()][3];
      const report = await op2.GET('/api/v1/clients/import/{jobId}', {
        params: { path: { jobId: job.id }, query: { status: 'created', limit: 4 } },
      });
      const id = report.data!.rows.items.find((x) => x.row === line)!.clientId!;
      const c = await op2.GET('/api/v1/clients/{id}', { params: { path: { id } } });
      expect(c.data!.fullName).toBe(csv.createdData.get(line)!.fullName);
    } finally {
      await t2.close();
    }
  }, 300_000);
});
