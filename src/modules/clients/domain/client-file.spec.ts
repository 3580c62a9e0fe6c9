import { assertClientFileType, ClientFileAttached, ClientFileTypeError, cleanFileName } from './client-file';

describe('client files', () => {
  it('accepts scans and photos by their sniffed type and refuses anything else or unknown content', () => {
    for (const t of ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/tiff']) {
      expect(assertClientFileType(t)).toBe(t);
    }
    expect(() => assertClientFileType('application/zip')).toThrow(ClientFileTypeError);
    expect(() => assertClientFileType(null)).toThrow(/not a known type/);
  });

  it('keeps only the base name of an upload without control characters, or the fallback when nothing is left', () => {
    expect(cleanFileName('C:\\scans\\Паспорт.pdf', 'f')).toBe('Паспорт.pdf');
    expect(cleanFileName('../../etc/passwd', 'f')).toBe('passwd');
    expect(cleanFileName('a\u0000b\u001f.png', 'f')).toBe('ab.png');
    expect(cleanFileName('   ', 'fallback')).toBe('fallback');
    expect(cleanFileName(undefined, 'fallback')).toBe('fallback');
    expect(cleanFileName('x'.repeat(300), 'f')).toHaveLength(200);
  });

  it('audits an attached file by id, type and size, never by its name', () => {
    const e = new ClientFileAttached('c1', { id: 'f1', contentType: 'image/png', size: 10 });
    expect(e.name).toBe('clients.file-attached');
    expect(e.payload).toEqual({
      diff: { files: { from: null, to: { id: 'f1', contentType: 'image/png', size: 10 } } },
    });
  });
});
