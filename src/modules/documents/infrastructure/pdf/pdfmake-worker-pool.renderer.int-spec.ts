import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleDocumentData } from '../../domain/sample-document-data';
import { renderTemplate } from '../../domain/template-engine';
import { PdfmakeWorkerPoolRenderer } from './pdfmake-worker-pool.renderer';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('PdfmakeWorkerPoolRenderer', () => {
  const renderer = new PdfmakeWorkerPoolRenderer({
    documents: { renderWorkers: 2, linkTtlSeconds: 60, regenerateDelayMs: 0, regenerateMaxDelayMs: 0 },
  });
  afterAll(() => renderer.onModuleDestroy());

  const invoice = () => {
    const data = sampleDocumentData('invoice');
    const template: unknown = JSON.parse(
      readFileSync(join(process.cwd(), 'templates', 'invoice.json'), 'utf8'),
    );
    return { definition: renderTemplate(template, data), createdAt: data.document.issuedAt, title: 'Счёт' };
  };

  it('renders the same bytes in every worker when the input is the same', async () => {
    const pdfs = await Promise.all([1, 2, 3, 4].map(() => renderer.render(invoice())));
    expect(new Set(pdfs.map(sha)).size).toBe(1);
    expect(pdfs[0].subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdfs[0]);
    expect(text).toContain('Счёт на оплату № СЧ-2026-000001 от 22 ноября 2026 г.');
    expect(text).toContain('Триста пятьдесят одна тысяча восемьсот пятьдесят шесть рублей 75 копеек');
    expect(text).toMatch(/351\s856,75\s₽/);
  });

  it('writes a different file when the creation date differs', async () => {
    const a = await renderer.render(invoice());
    const b = await renderer.render({ ...invoice(), createdAt: '2026-11-23T10:00:00.000Z' });
    expect(sha(a)).not.toBe(sha(b));
  });

  it('rejects with the reason when a definition reads a local file or a URL', async () => {
    await expect(
      renderer.render({
        definition: { content: [{ image: '/etc/passwd' }] },
        createdAt: '2026-11-22T00:00:00Z',
        title: 'x',
      }),
    ).rejects.toThrow(/Access to local file denied/);
    await expect(
      renderer.render({
        definition: { content: [{ image: 'logo' }], images: { logo: 'https://example.com/logo.png' } },
        createdAt: '2026-11-22T00:00:00Z',
        title: 'x',
      }),
    ).rejects.toThrow(/Access to URL denied/);
    await expect(
      renderer.render({ definition: { content: ['x'] }, createdAt: 'nope', title: 'x' }),
    ).rejects.toThrow(/createdAt is not a date/);
    // the pool still works afterwards
    expect((await renderer.render(invoice())).length).toBeGreaterThan(1000);
  });
});
