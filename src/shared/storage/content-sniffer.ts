/**
 * Content type from the first bytes of a file (magic numbers), for uploads whose declared
 * Content-Type must not be trusted. Covers what agencies upload and generate: PDF, JPEG, PNG, GIF,
 * WebP, HEIC/HEIF/AVIF (phone photos), TIFF (scanners) and ZIP-based office files. Returns `null`
 * when nothing known matches (plain text and CSV are not detected).
 *
 * Pass at least the first 4 KiB: ZIP-based formats are told apart by the names of their first
 * entries (`word/…` → DOCX, `xl/…` → XLSX, `ppt/…` → PPTX), which need more than the signature.
 */
export const SNIFF_BYTES = 4096;

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

const LOCAL_HEADER = 0x04034b50;
const LOCAL_HEADER_BYTES = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function startsWith(buf: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i += 1) {
    if (buf[offset + i] !== bytes[i]) return false;
  }
  return true;
}

function ascii(buf: Buffer, start: number, end: number): string {
  return buf.length >= end ? buf.toString('latin1', start, end) : '';
}

export function sniffContentType(firstBytes: Buffer): string | null {
  const b = firstBytes;
  if (ascii(b, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  const gif = ascii(b, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'image/gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (ascii(b, 4, 8) === 'ftyp') return isoMediaType(b);
  if (b.length >= 4 && b.readUInt32LE(0) === LOCAL_HEADER) return zipType(b);
  if (startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip'; // an empty archive
  return null;
}

/** ISO base media file (`ftyp` box): the major brand, then the compatible brands, name the format. */
function isoMediaType(b: Buffer): string | null {
  const boxSize = b.readUInt32BE(0);
  const brands = [ascii(b, 8, 12)];
  const end = Math.min(boxSize, b.length);
  for (let off = 16; off + 4 <= end; off += 4) brands.push(ascii(b, off, off + 4));
  if (HEIC_BRANDS.has(brands[0])) return 'image/heic';
  if (AVIF_BRANDS.has(brands[0])) return 'image/avif';
  if (HEIF_BRANDS.has(brands[0])) {
    // `mif1` is the generic image brand: the compatible brands say whether it holds HEVC or AV1
    if (brands.some((x) => HEIC_BRANDS.has(x))) return 'image/heic';
    if (brands.some((x) => AVIF_BRANDS.has(x))) return 'image/avif';
    return 'image/heif';
  }
  return null;
}

/**
 * Walks the local file headers at the start of a ZIP archive. OOXML packages are recognised by
 * their part names, ODF packages by their leading uncompressed `mimetype` entry.
 */
function zipType(b: Buffer): string {
  const names: string[] = [];
  let off = 0;
  while (off + 30 <= b.length && b.readUInt32LE(off) === LOCAL_HEADER && names.length < 64) {
    const flags = b.readUInt16LE(off + 6);
    const method = b.readUInt16LE(off + 8);
    const compressedSize = b.readUInt32LE(off + 18);
    const nameEnd = off + 30 + b.readUInt16LE(off + 26);
    const dataStart = nameEnd + b.readUInt16LE(off + 28);
    if (nameEnd > b.length) break;
    const name = b.toString('utf8', off + 30, nameEnd);
    names.push(name);
    if (names.length === 1 && name === 'mimetype' && method === 0) {
      const mime = ascii(b, dataStart, Math.min(dataStart + compressedSize, b.length));
      if (/^application\/vnd\.oasis\.opendocument\.[a-z.-]+$/.test(mime)) return mime;
    }
    if ((flags & 0x08) === 0) {
      off = dataStart + compressedSize;
    } else {
      // bit 3: the sizes follow the data in a descriptor, so look for the next header instead
      off = b.indexOf(LOCAL_HEADER_BYTES, dataStart);
      if (off < 0) break;
    }
  }
  if (names.some((n) => n.startsWith('word/'))) return DOCX;
  if (names.some((n) => n.startsWith('xl/'))) return XLSX;
  if (names.some((n) => n.startsWith('ppt/'))) return PPTX;
  return 'application/zip';
}
