import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_AGENCY } from '../../src/modules/documents/domain/sample-document-data';
import { flat, pdfText } from '../support/pdf';
import { startTestApp, type TestApp } from '../support/test-app';

const TEMPLATE = (type: string) =>
  JSON.parse(readFileSync(join(process.cwd(), 'templates', `${type}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

describe('templates: a version previewed as a PDF on sample data (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const preview = (type: 'invoice' | 'contract', version: number, as = t.admin) =>
    as.GET('/api/v1/templates/{type}/versions/{version}/preview', {
      params: { path: { type, version } },
      parseAs: 'arrayBuffer',
    });

  it('renders the active version with the sample agency, no agency settings needed', async () => {
    const r = await preview('invoice', 1);
    expect(r.response.status).toBe(200);
    expect(r.response.headers.get('content-type')).toBe('application/pdf');
    expect(r.response.headers.get('content-disposition')).toMatch(
      /^inline; filename="invoice-v1-preview.pdf"/,
    );
    const pdf = Buffer.from(r.data as ArrayBuffer);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = flat(pdfText(pdf));
    expect(text).toContain(SAMPLE_AGENCY.inn);
    expect(text).toContain('Пример Тур');
  });

  it('renders an uploaded version that is not active yet, and leaves the active one alone', async () => {
    const draft = TEMPLATE('invoice');
    (draft.content as unknown[]).unshift({ text: 'ЧЕРНОВИК ШАБЛОНА ДЛЯ ПРОСМОТРА' });
    const added = await t.admin.POST('/api/v1/templates/{type}/versions', {
      params: { path: { type: 'invoice' } },
      body: { content: draft, comment: 'черновик', activate: false },
    });
    expect(added.response.status).toBe(201);
    const v = added.data!.version;
    const draftText = flat(pdfText(Buffer.from((await preview('invoice', v)).data as ArrayBuffer)));
    expect(draftText).toContain('ЧЕРНОВИК ШАБЛОНА ДЛЯ ПРОСМОТРА');
    const activeText = flat(pdfText(Buffer.from((await preview('invoice', 1)).data as ArrayBuffer)));
    expect(activeText).not.toContain('ЧЕРНОВИК');
    const versions = await t.admin.GET('/api/v1/templates/{type}/versions', {
      params: { path: { type: 'invoice' } },
    });
    expect(versions.data!.items.find((x) => x.active)?.version).toBe(1);
  });

  it('404 for a version that does not exist, 422 for an unknown type, 200 for every role that reads templates', async () => {
    const missing = await preview('contract', 999);
    expect(missing.response.status).toBe(404);
    expect((missing.error as { code: string }).code).toBe('COMMON.NOT_FOUND');
    const bad = await t.admin.GET('/api/v1/templates/{type}/versions/{version}/preview', {
      params: { path: { type: 'nope' as 'invoice', version: 1 } },
    });
    expect(bad.response.status).toBe(422);
    expect((bad.error as { code: string }).code).toBe('COMMON.VALIDATION');
    const { client } = await t.userClient('accountant');
    expect((await preview('invoice', 1, client)).response.status).toBe(200);
  });
});
