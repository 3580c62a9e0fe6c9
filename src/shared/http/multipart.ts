import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { DomainError, ValidationError } from '../domain/domain-error';

export interface ReceivedFile {
  /** The file part's bytes; fails with `tooLarge()` once more than `maxBytes` arrive. */
  stream: Readable;
  /** As sent by the browser; untrusted. */
  fileName: string | undefined;
  /** The other (text) form fields that came before the file. */
  fields: Record<string, string>;
  /**
   * Reads and discards what is left of the request body; await it before answering an error, so
   * the client, still uploading, gets to read the answer.
   */
  drain(timeoutMs?: number): Promise<void>;
}

/** Counts bytes and fails with `onLimit()` as soon as more than `max` pass. */
export class ByteLimit extends Transform {
  bytes = 0;
  exceeded = false;

  constructor(
    private readonly max: number,
    private readonly onLimit: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      this.exceeded = true;
      cb(this.onLimit());
      return;
    }
    cb(null, chunk);
  }
}

export function unsupportedMediaType(message: string): DomainError {
  return new DomainError('COMMON.UNSUPPORTED_MEDIA_TYPE', message);
}

/**
 * The first file part of a `multipart/form-data` request as a stream (busboy; nothing is buffered
 * whole). Rejects with 415 for another content type, 413 when the declared length is already far
 * too big, 422 when the form carries no file in `field`.
 */
export function receiveFile(
  req: IncomingMessage,
  options: { field: string; maxBytes: number; tooLarge: () => Error },
): Promise<ReceivedFile> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(unsupportedMediaType('Send the file as multipart/form-data'));
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  // the form's own overhead is small; anything far beyond the file limit is refused unread
  if (Number.isFinite(declared) && declared > options.maxBytes + 1024 * 1024) {
    return Promise.reject(options.tooLarge());
  }
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: { files: 1, fields: 20, fieldSize: 10_000, fileSize: options.maxBytes + 1 },
      defParamCharset: 'utf8',
    });
  } catch {
    return Promise.reject(new DomainError('COMMON.MALFORMED_REQUEST', 'The multipart body is malformed'));
  }
  const drain = (timeoutMs = 30_000): Promise<void> => {
    if (req.complete || req.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      req.once('end', done);
      req.once('close', done);
      req.unpipe(bb);
      req.resume();
    });
  };
  return new Promise<ReceivedFile>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let delivered = false;
    let part: Readable | undefined;
    let limited: ByteLimit | undefined;
    // A client that goes away mid-body ends nothing by itself: piping does not pass the abort on,
    // so the file stream would wait forever and its consumer (a temp file, an open descriptor)
    // with it. Fail the whole chain instead, so every consumer cleans up.
    const onClose = (): void => {
      if (req.complete) return;
      const err = new DomainError('COMMON.MALFORMED_REQUEST', 'The upload was aborted before its end');
      req.unpipe(bb);
      limited?.destroy(err);
      part?.destroy(err);
      bb.destroy();
      if (!delivered) reject(err);
    };
    req.once('close', onClose);
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, file, info) => {
      if (delivered || name !== options.field) {
        file.resume();
        return;
      }
      delivered = true;
      const limit = new ByteLimit(options.maxBytes, options.tooLarge);
      part = file;
      limited = limit;
      // busboy truncates at maxBytes + 1, so the limit always sees the excess byte
      pipeline(file, limit, () => undefined);
      resolve({ stream: limit, fileName: info.filename, fields, drain });
    });
    bb.on('error', () => {
      if (!delivered) reject(new DomainError('COMMON.MALFORMED_REQUEST', 'The multipart body is malformed'));
    });
    bb.on('close', () => {
      if (!delivered)
        reject(ValidationError.field(options.field, `${options.field} (a file part) is required`));
    });
    req.pipe(bb);
  });
}

/** The first `n` bytes of a stream (fewer if it is shorter) and a stream of all its bytes again. */
export async function peek(
  src: Readable,
  n: number,
): Promise<{ head: Buffer; stream: Readable; ended: boolean }> {
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    chunks.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, stream: Readable.from(all(), { objectMode: false }), ended };
}
