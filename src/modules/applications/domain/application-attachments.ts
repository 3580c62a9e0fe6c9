import { DomainError } from '../../../shared/domain/domain-error';

/** A file stored through the ObjectStorage port and attached to the application. */
export interface AttachmentRef {
  id: string;
  /** Object key in the store; never shown (downloads go through short-lived links). */
  key: string;
  fileName: string;
  /** Sniffed from the content, never taken from the upload's header. */
  contentType: string;
  size: number;
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Types an attachment may have (sniffed): documents and pictures people send with a request. */
export const ATTACHMENT_TYPES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/heic',
  'image/avif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export class AttachmentTooLargeError extends DomainError {
  constructor() {
    super('COMMON.PAYLOAD_TOO_LARGE', `An attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes`, {
      maxBytes: MAX_ATTACHMENT_BYTES,
    });
  }
}

/** The sniffed type when an attachment may have it; 415 otherwise. */
export function assertAttachmentType(sniffed: string | null): string {
  if (sniffed === null || !ATTACHMENT_TYPES.includes(sniffed)) {
    throw new DomainError(
      'COMMON.UNSUPPORTED_MEDIA_TYPE',
      `Attachments must be PDF, an image (JPEG, PNG, GIF, WebP, TIFF, HEIC, AVIF), DOCX or XLSX${sniffed ? `; got ${sniffed}` : ''}`,
    );
  }
  return sniffed;
}

/** The name a download offers: no path, no control characters, at most 200 characters. */
export function cleanFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f).join('');
  const cleaned = printable.trim().slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}
