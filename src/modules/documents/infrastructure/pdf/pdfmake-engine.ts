import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * pdfmake 0.3 set up once per thread: Roboto (full Cyrillic, ₽) read into pdfmake's virtual file
 * system, every URL and local-file access denied (templates are user input), and parsed fonts
 * shared between documents so only the first document in a thread pays for parsing.
 */

interface PdfMakeServer {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(dd: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

interface EmbeddedFont {
  font: { createSubset(): unknown; _glyphs: Record<number, unknown> };
  subset: unknown;
  layoutCache?: Record<string, unknown>;
}

interface PdfMakeDocumentClass {
  prototype: { provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont };
}

let pdfmake: PdfMakeServer | null = null;

/**
 * pdfkit parses each font anew for every document (fontkit tables, glyphs, layout); the parsed
 * parsed tables are immutable, so the first document's parse is kept and later documents get it
 * with a subset and glyph objects of their own. Documents render one at a time per thread.
 */
function shareParsedFonts(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = (require('pdfmake/js/PDFDocument') as { default: PdfMakeDocumentClass }).default;
  const provide = PDFDocument.prototype.provideFont;
  const shared = new Map<string, EmbeddedFont['font']>();
  const adopted = new WeakSet<EmbeddedFont>();
  PDFDocument.prototype.provideFont = function (family: string, bold: boolean, italics: boolean) {
    const font = provide.call(this, family, bold, italics);
    if (!adopted.has(font)) {
      adopted.add(font);
      const key = `${family}/${bold ? 'b' : ''}${italics ? 'i' : ''}`;
      const parsed = shared.get(key);
      if (parsed) {
        // glyph objects remember the characters they were first created for (ToUnicode);
        // they stay per document so the output never depends on earlier documents
        parsed._glyphs = {};
        font.font = parsed;
        font.subset = parsed.createSubset();
      } else {
        shared.set(key, font.font);
      }
    }
    return font;
  };
}

function engine(): PdfMakeServer {
  if (pdfmake) return pdfmake;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pm = require('pdfmake') as PdfMakeServer;
  const fontDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const files = {
    normal: 'Roboto-Regular.ttf',
    bold: 'Roboto-Medium.ttf',
    italics: 'Roboto-Italic.ttf',
    bolditalics: 'Roboto-MediumItalic.ttf',
  };
  for (const file of Object.values(files))
    pm.virtualfs.writeFileSync(file, readFileSync(join(fontDir, file)));
  pm.setFonts({ Roboto: files });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  shareParsedFonts();
  pdfmake = pm;
  return pm;
}

/** Renders one filled document definition; the creation date comes from the input. */
export async function renderPdf(
  definition: Record<string, unknown>,
  createdAt: string,
  title: string,
): Promise<Buffer> {
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) throw new Error(`createdAt is not a date: ${createdAt}`);
  const info = (definition.info ?? {}) as Record<string, unknown>;
  const dd = {
    ...definition,
    info: {
      ...info,
      title: typeof info.title === 'string' ? info.title : title,
      creator: 'Travel CRM',
      producer: 'Travel CRM (pdfmake)',
      creationDate: date,
      modDate: date,
    },
    defaultStyle: { font: 'Roboto', ...((definition.defaultStyle as object) ?? {}) },
  };
  const buffer = await engine().createPdf(dd).getBuffer();
  return Buffer.from(buffer);
}
