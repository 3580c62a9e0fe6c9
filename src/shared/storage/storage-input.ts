import { Transform, type TransformCallback } from 'node:stream';
import { ValidationError } from '../domain/domain-error';

/**
 * A pass-through that counts bytes and, when a size was declared, fails the stream as soon as more
 * arrive or, at the end, if fewer did — so a store never keeps an object of the wrong length.
 */
export class SizeGuard extends Transform {
  bytes = 0;

  constructor(private readonly declared: number | undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.declared !== undefined && this.bytes > this.declared) {
      callback(sizeMismatch(this.declared, this.bytes, 'at least '));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.declared !== undefined && this.bytes !== this.declared) {
      callback(sizeMismatch(this.declared, this.bytes, ''));
      return;
    }
    callback();
  }
}

export function sizeMismatch(declared: number, got: number, qualifier: string): ValidationError {
  return ValidationError.field('size', `${declared} bytes were declared but ${qualifier}${got} arrived`);
}

export function assertDeclaredSize(size: number | undefined): void {
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
    throw ValidationError.field('size', 'size must be a non-negative integer');
  }
}

/** Content types are stored and sent back as a header: one line of printable ASCII. */
export function assertContentType(contentType: string): void {
  if (
    typeof contentType !== 'string' ||
    !/^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;[\x20-\x7e]*)?$/.test(contentType) ||
    contentType.length > 255
  ) {
    throw ValidationError.field('contentType', 'contentType must look like type/subtype');
  }
}

/** Presigned and signed links live at least a second and at most a week (the S3 maximum). */
export const MAX_LINK_SECONDS = 7 * 24 * 3600;

export function assertExpiry(expiresInSeconds: number): void {
  if (
    !Number.isSafeInteger(expiresInSeconds) ||
    expiresInSeconds < 1 ||
    expiresInSeconds > MAX_LINK_SECONDS
  ) {
    throw ValidationError.field(
      'expiresInSeconds',
      `expiresInSeconds must be an integer between 1 and ${MAX_LINK_SECONDS}`,
    );
  }
}
