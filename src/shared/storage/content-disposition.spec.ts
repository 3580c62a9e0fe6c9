import { contentDisposition, sanitizeFileName } from './content-disposition';

/** What a browser does with `filename*=UTF-8''…` (RFC 5987 / 6266). */
function decodeExtended(header: string): string | undefined {
  const m = /filename\*=UTF-8''([^;]+)/.exec(header);
  return m ? decodeURIComponent(m[1]) : undefined;
}

describe('contentDisposition', () => {
  it('carries a Cyrillic name intact in filename* and an ASCII stand-in in filename', () => {
    const h = contentDisposition('Договор № 2026-000123 (Иванов).pdf');
    expect(h).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeExtended(h)).toBe('Договор № 2026-000123 (Иванов).pdf');
    expect(h).not.toMatch(/[^\x20-\x7e]/);
  });

  it('encodes apostrophes and parentheses in filename* when the name has them', () => {
    const h = contentDisposition("O'Brien (copy).pdf");
    expect(h).toContain("filename*=UTF-8''O%27Brien%20%28copy%29.pdf");
    expect(decodeExtended(h)).toBe("O'Brien (copy).pdf");
  });

  it('leaves filename* out for plain ASCII names when asked to add it only when needed', () => {
    expect(contentDisposition('invoice-2026-000123.pdf', { extended: 'when-needed' })).toBe(
      'attachment; filename="invoice-2026-000123.pdf"',
    );
    expect(contentDisposition('Счёт.pdf', { extended: 'when-needed' })).toContain("filename*=UTF-8''");
  });

  it('cannot be used to inject header parameters or path segments when the name is hostile', () => {
    const h = contentDisposition('a";\r\nSet-Cookie: x=1; b="../../etc/passwd');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.split('filename=')[1].split('"')).toHaveLength(3); // exactly one quoted value
    expect(decodeExtended(h)).not.toContain('/');
  });
});

describe('sanitizeFileName', () => {
  it('replaces separators, quotes and control characters and falls back when nothing is left', () => {
    expect(sanitizeFileName('dir/sub\\name"x\u0007.pdf')).toBe('dir_sub_name_x_.pdf');
    expect(sanitizeFileName('   ')).toBe('file');
    expect(sanitizeFileName('..')).toBe('file');
  });

  it('cuts names to 255 characters without splitting a character when the name is very long', () => {
    const name = sanitizeFileName(`${'я'.repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(255);
    expect(name).toBe('я'.repeat(255));
  });
});
