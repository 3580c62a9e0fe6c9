import { deflateRawSync } from 'node:zlib';
import { DOCX, PPTX, sniffContentType, XLSX } from './content-sniffer';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

interface Entry {
  name: string;
  data: string;
  deflate?: boolean;
  /** Sizes in a data descriptor after the data (general purpose flag bit 3), as streaming zippers write. */
  descriptor?: boolean;
}

/** A complete ZIP archive (local headers, central directory, end record) as office suites write them. */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.from(e.data, 'utf8');
    const data = e.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, 'utf8');
    const flags = e.descriptor ? 0x08 : 0;
    const method = e.deflate ? 8 : 0;
    const crc = crc32(raw);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(flags, 6);
    head.writeUInt16LE(method, 8);
    head.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    head.writeUInt32LE(e.descriptor ? 0 : data.length, 18);
    head.writeUInt32LE(e.descriptor ? 0 : raw.length, 22);
    head.writeUInt16LE(name.length, 26);
    const parts = [head, name, data];
    if (e.descriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(data.length, 8);
      dd.writeUInt32LE(raw.length, 12);
      parts.push(dd);
    }
    const local = Buffer.concat(parts);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([central, name]));
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';

describe('sniffContentType', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1'), 'application/pdf'],
    ['JPEG (JFIF)', hex('FFD8FFE0 00104A46 49460001 01000001 00010000'), 'image/jpeg'],
    ['JPEG (Exif, phone camera)', hex('FFD8FFE1 2FFE4578 69660000 4D4D002A'), 'image/jpeg'],
    ['PNG', hex('89504E47 0D0A1A0A 0000000D 49484452 00000010 00000010 08060000 00'), 'image/png'],
    ['GIF89a', Buffer.from('GIF89a\x10\x00\x10\x00\x80\x00\x00', 'latin1'), 'image/gif'],
    ['GIF87a', Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
    ['WebP', hex('52494646 24000000 57454250 56503820 18000000'), 'image/webp'],
    ['HEIC (iPhone)', hex('00000018 66747970 68656963 00000000 6D696631 68656963'), 'image/heic'],
    [
      'HEIF with mif1 major brand and HEVC compatible brand (Samsung)',
      hex('0000001C 66747970 6D696631 00000000 6D696631 68656963 6D696166'),
      'image/heic',
    ],
    ['HEIF (mif1 only)', hex('00000018 66747970 6D696631 00000000 6D696631 6D696166'), 'image/heif'],
    ['AVIF', hex('00000020 66747970 61766966 00000000 61766966 6D696631 6D696166 4D413141'), 'image/avif'],
    ['TIFF little-endian (scanner)', hex('49492A00 08000000 1500FE00 04000100'), 'image/tiff'],
    ['TIFF big-endian', hex('4D4D002A 00000008 0015'), 'image/tiff'],
  ])('recognises %s from its header', (_name, bytes, expected) => {
    expect(sniffContentType(bytes)).toBe(expected);
  });

  it.each([
    ['plain text', Buffer.from('Здравствуйте! Хотим в Париж', 'utf8')],
    ['CSV', Buffer.from('fullName;phone\nИванов;+79123456789\n', 'utf8')],
    [
      'an MP4 video (ftyp isom)',
      hex('00000020 66747970 69736F6D 00000200 69736F6D 69736F32 61766331 6D703431'),
    ],
    ['a WAV file (RIFF but not WEBP)', hex('52494646 24080000 57415645 666D7420')],
    ['an empty buffer', Buffer.alloc(0)],
    ['a lone JPEG start byte', hex('FF')],
    ['a truncated PNG signature', hex('89504E47')],
    ['a 5-byte buffer ending in ftyp', hex('00 66747970')],
  ])('returns null for %s when no known signature matches', (_name, bytes) => {
    expect(sniffContentType(bytes)).toBeNull();
  });

  it('tells a DOCX from its word/ parts when the archive lists [Content_Types].xml first', () => {
    const docx = zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES, deflate: true },
      { name: '_rels/.rels', data: '<Relationships/>', deflate: true },
      { name: 'word/document.xml', data: '<w:document/>', deflate: true },
    ]);
    expect(sniffContentType(docx)).toBe(DOCX);
  });

  it('tells an XLSX from its xl/ parts when the entries use data descriptors', () => {
    const xlsx = zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES, deflate: true, descriptor: true },
      { name: '_rels/.rels', data: '<Relationships/>', deflate: true, descriptor: true },
      { name: 'docProps/app.xml', data: '<Properties/>', deflate: true, descriptor: true },
      { name: 'xl/workbook.xml', data: '<workbook/>', deflate: true, descriptor: true },
    ]);
    expect(sniffContentType(xlsx)).toBe(XLSX);
  });

  it('tells a PPTX from its ppt/ parts', () => {
    const pptx = zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    ]);
    expect(sniffContentType(pptx)).toBe(PPTX);
  });

  it('reads the mimetype entry of an OpenDocument file when the archive starts with it', () => {
    const odt = zip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
      { name: 'content.xml', data: '<office:document-content/>', deflate: true },
    ]);
    expect(sniffContentType(odt)).toBe('application/vnd.oasis.opendocument.text');
  });

  it('says application/zip for an ordinary archive and for one whose parts lie beyond the sniffed bytes', () => {
    const plain = zip([{ name: 'scans/passport.jpg', data: 'x'.repeat(100) }]);
    expect(sniffContentType(plain)).toBe('application/zip');
    const docx = zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'customXml/item1.xml', data: 'y'.repeat(5000) },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    expect(sniffContentType(docx.subarray(0, 4096))).toBe('application/zip');
    expect(sniffContentType(docx)).toBe(DOCX);
  });

  it('says application/zip for an empty archive (end record only)', () => {
    expect(sniffContentType(zip([]))).toBe('application/zip');
  });

  it('does not throw when a ZIP header is cut off in the middle when the buffer is short', () => {
    const docx = zip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    for (let len = 4; len < 60; len += 1) {
      expect(() => sniffContentType(docx.subarray(0, len))).not.toThrow();
    }
    expect(sniffContentType(docx.subarray(0, 20))).toBe('application/zip');
  });
});
