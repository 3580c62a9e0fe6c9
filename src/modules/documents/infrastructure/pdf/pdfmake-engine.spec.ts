import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDocumentData } from '../../domain/sample-document-data';
import { renderTemplate } from '../../domain/template-engine';
import { renderPdf } from './pdfmake-engine';

/** The engine in this thread (the pool runs the same function in its workers, where coverage cannot see it). */
describe('pdfmake engine', () => {
  const definition = () => {
    const data = sampleDocumentData('invoice');
    const template: unknown = JSON.parse(
      readFileSync(join(process.cwd(), 'templates', 'invoice.json'), 'utf8'),
    );
    return {
      definition: renderTemplate(template, data) as Record<string, unknown>,
      createdAt: data.document.issuedAt,
    };
  };

  it('renders deterministic bytes for the same input (fixed creation date, embedded fonts)', async () => {
    const { definition: d, createdAt } = definition();
    const a = await renderPdf(d, createdAt, 'Счёт');
    const b = await renderPdf(d, createdAt, 'Счёт');
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.compare(a, b)).toBe(0);
    const other = await renderPdf(d, '2027-01-01T00:00:00.000Z', 'Счёт');
    expect(Buffer.compare(a, other)).not.toBe(0);
    // bold and italic faces of the embedded family resolve too
    const styled = await renderPdf(
      {
        content: [
          { text: 'Жирный', bold: true },
          { text: 'Курсив', italics: true },
          { text: 'Оба', bold: true, italics: true },
        ],
      },
      createdAt,
      'Стили',
    );
    expect(styled.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
