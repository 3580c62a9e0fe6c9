import { DomainEvent } from '../../../shared/domain/domain-event';
import { DomainError } from '../../../shared/domain/domain-error';

/** 20 MiB: the largest scan a client file may be. */
export const MAX_CLIENT_FILE_BYTES = 20 * 1024 * 1024;

/** What a client file may be, by its sniffed content (never the declared Content-Type): scans and photos. */
export const CLIENT_FILE_TYPES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/webp',
];

export interface ClientFileProps {
  clientId: string;
  objectKey: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: Date;
}

export class ClientFileTypeError extends DomainError {
  constructor(sniffed: string | null) {
    super(
      'CLIENTS.FILE_TYPE',
      `Only ${CLIENT_FILE_TYPES.join(', ')} may be attached; the file's content is ${sniffed ?? 'not a known type'}`,
      { detectedType: sniffed, allowed: CLIENT_FILE_TYPES },
    );
  }
}

export class ClientFileTooLargeError extends DomainError {
  constructor() {
    super('CLIENTS.FILE_TOO_LARGE', `A client file may be at most ${MAX_CLIENT_FILE_BYTES} bytes`, {
      maxBytes: MAX_CLIENT_FILE_BYTES,
    });
  }
}

/** Throws unless `sniffed` (from the file's first bytes) is a type clients' files may have. */
export function assertClientFileType(sniffed: string | null): string {
  if (sniffed === null || !CLIENT_FILE_TYPES.includes(sniffed)) throw new ClientFileTypeError(sniffed);
  return sniffed;
}

/** A file name as shown and offered on download: no path, no control characters, at most 200 characters. */
export function cleanFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base)
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 200);
  return clean === '' ? fallback : clean;
}

/** Audit diffs of files carry type and size, never the name (it often holds a name or a passport number). */
export class ClientFileAttached extends DomainEvent<{
  diff: Record<string, { from: unknown; to: unknown }>;
}> {
  static readonly eventName = 'clients.file-attached';
  constructor(clientId: string, file: { id: string; contentType: string; size: number }) {
    super(ClientFileAttached.eventName, 'client', clientId, 0, {
      diff: { files: { from: null, to: { id: file.id, contentType: file.contentType, size: file.size } } },
    });
  }
}

export class ClientFileDeleted extends DomainEvent<{ diff: Record<string, { from: unknown; to: unknown }> }> {
  static readonly eventName = 'clients.file-deleted';
  constructor(clientId: string, file: { id: string; contentType: string; size: number }) {
    super(ClientFileDeleted.eventName, 'client', clientId, 0, {
      diff: { files: { from: { id: file.id, contentType: file.contentType, size: file.size }, to: null } },
    });
  }
}
