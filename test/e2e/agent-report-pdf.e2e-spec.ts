import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrmClient } from '../../client';
import { agentReportNumber } from '../../src/modules/documents/domain/agent-report-data';
import { amountInWords } from '../../src/modules/documents/domain/russian-amount';
import { formatMoney } from '../../src/modules/documents/domain/russian-format';
import { sampleDocumentData } from '../../src/modules/documents/domain/sample-document-data';
import { orderWithTotal } from '../support/finance';
import { flat, pdfText } from '../support/pdf';
import { startTestApp, type TestApp } from '../support/test-app';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** `20000,00` (CSV) → `20 000,00 ₽` (PDF, no-break spaces made plain by pdfText). */
const rub = (csvCell: string) => formatMoney(csvCell.replace(',', '.'), 'RUB').replace(/\u00A0/g, ' ');

describe('finance: agent report as PDF through the documents module (e2e)', () => {
  let t: TestApp;
  let accountant: CrmClient;
  let operator: CrmClient;
  const supplier = `Гостиница «Агентская» ${Date.now()}`;
  const numbers: string[] = [];

  const get = (as: CrmClient, format: 'pdf' | 'csv') =>
    as.GET('/api/v1/reports/agent', {
      params: { query: { supplier, month: '2027-06', format } },
      parseAs: format === 'pdf' ? 'arrayBuffer' : 'text',
    });

  beforeAll(async () => {
    t = await startTestApp();
    accountant = (await t.userClient('accountant')).client;
    operator = (await t.userClient('operator')).client;
    for (const [total, startAt] of [
      ['12000.00', '2027-06-01T00:30:00+03:00'],
      ['8500.50', '2027-06-15T10:00:00+03:00'],
      ['30000.00', '2027-06-30T23:00:00+03:00'],
    ] as const) {
      numbers.push((await orderWithTotal(operator, { total, supplier, startAt })).number);
    }
    await orderWithTotal(operator, { total: '5000.00', supplier, startAt: '2027-05-31T23:59:00+03:00' });
    await orderWithTotal(operator, {
      total: '7000.00',
      supplier: 'Другой',
      startAt: '2027-06-10T10:00:00+03:00',
    });
  });
  afterAll(() => t.close());

  it('refuses the PDF with 409 when the agency requisites are not set, and 403 without reports.read', async () => {
    const r = await get(accountant, 'pdf');
    expect(r.response.status).toBe(409);
    expect((r.error as { code: string }).code).toBe('DOCUMENTS.AGENCY_SETTINGS_MISSING');
    const denied = await get(operator, 'pdf');
    expect(denied.response.status).toBe(403);
  });

  it('renders the report with the supplier, each order and the CSV’s figures and totals, the same bytes twice', async () => {
    const set = await t.admin.PUT('/api/v1/settings/agency', { body: sampleDocumentData().agency });
    expect(set.response.status).toBe(200);

    const first = await get(accountant, 'pdf');
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toBe('application/pdf');
    const number = agentReportNumber(supplier, '2027-06');
    const disposition = first.response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe(
      `Отчёт агента ${number} (${supplier}, июнь 2027).pdf`,
    );
    const bytes = Buffer.from(first.data as ArrayBuffer);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = flat(pdfText(bytes));
    expect(text).toContain(`Отчёт агента № ${number} за июнь 2027 г.`);
    expect(text).toContain(supplier);
    expect(text).toContain(sampleDocumentData().agency.inn);
    for (const n of numbers) expect(text).toContain(n);
    expect(text).not.toContain('5 000,00 ₽'); // May's service stays out

    const csv = await get(accountant, 'csv');
    const lines = String(csv.data)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const rows = lines.slice(1, -1).map((l) => l.split(';'));
    expect(rows.map((r) => r[0])).toEqual(numbers);
    for (const r of rows) {
      for (const cell of r.slice(5, 8)) expect(text).toContain(rub(cell));
    }
    const totals = lines.at(-1)!.split(';');
    expect(totals.slice(5, 8)).toEqual(['50500,50', '5050,05', '45450,45']);
    expect(text).toContain(
      `RUB: услуг 3; брутто ${rub(totals[5])}; вознаграждение агента ${rub(totals[6])}; нетто ${rub(totals[7])}`,
    );
    expect(text).toContain(`Вознаграждение агента: ${amountInWords('5050.05', 'RUB', { capitalize: true })}`);
    expect(text).toContain(
      `К перечислению принципалу (нетто): ${amountInWords('45450.45', 'RUB', { capitalize: true })}`,
    );

    const second = await get(accountant, 'pdf');
    expect(sha(Buffer.from(second.data as ArrayBuffer))).toBe(sha(bytes));
  });

  it('renders with the template version made active through /templates/agent_report/versions', async () => {
    const list = await t.admin.GET('/api/v1/templates/{type}/versions', {
      params: { path: { type: 'agent_report' } },
    });
    expect(list.data!.items.map((v) => [v.version, v.active, v.comment])).toEqual([
      [1, true, 'default template'],
    ]);

    const bad = await t.admin.POST('/api/v1/templates/{type}/versions', {
      params: { path: { type: 'agent_report' } },
      body: { content: { content: ['{{client.fullName}}'] }, comment: 'order field' },
    });
    expect(bad.response.status).toBe(422);

    const template = JSON.parse(
      readFileSync(join(process.cwd(), 'templates', 'agent_report.json'), 'utf8'),
    ) as {
      content: unknown[];
    };
    template.content.unshift({ text: 'ВЕРСИЯ ДВА для {{supplier.name}}' });
    const added = await t.admin.POST('/api/v1/templates/{type}/versions', {
      params: { path: { type: 'agent_report' } },
      body: { content: template, comment: 'v2' },
    });
    expect(added.response.status).toBe(201);
    const r = await get(accountant, 'pdf');
    expect(flat(pdfText(Buffer.from(r.data as ArrayBuffer)))).toContain(`ВЕРСИЯ ДВА для ${supplier}`);
  });

  it('keeps order documents to the four order types when asked for an agent_report document', async () => {
    const o = await orderWithTotal(operator, { total: '1000.00' });
    const r = await operator.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: o.id } },
      body: { type: 'agent_report' as never },
    });
    expect(r.response.status).toBe(422);
  });
});
