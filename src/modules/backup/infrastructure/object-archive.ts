import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * The stored objects of a backup as one POSIX tar (pax) stream, so an operator can also unpack it
 * with `age -d … | tar x`. Each object is an entry named by its key, preceded by a pax header with
 * its path and content type (`CRM.contentType`); the last entry, `.crm-backup/SHA256SUMS`, lists
 * `<sha256>  <key>` of every object. Written and read as streams: memory stays one chunk per object.
 */
export const SUMS_ENTRY = '.crm-backup/SHA256SUMS';
const BLOCK = 512;

export interface ArchiveObject {
  key: string;
  size: number;
  contentType: string;
  open(): Promise<Readable>;
}

export interface ArchiveTotals {
  count: number;
  bytes: number;
  /** SHA-256 of the SHA256SUMS text. */
  digest: string;
}

/** Sorted `<sha256>  <key>` lines and their digest (the same on backup and on restore). */
export function sumsOf(entries: Map<string, string>): { text: string; digest: string } {
  const text = [...entries.keys()]
    .sort()
    .map((k) => `${entries.get(k)}  ${k}\n`)
    .join('');
  return { text, digest: createHash('sha256').update(text).digest('hex') };
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function ustarHeader(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name.slice(0, 100), 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  h.write(' '.repeat(8), 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len)
    len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);
}

function* entryHeader(name: string, size: number, attrs: Record<string, string>): Generator<Buffer> {
  const pax = Buffer.from(
    Object.entries({ path: name, size: String(size), ...attrs })
      .map(([k, v]) => paxRecord(k, v))
      .join(''),
  );
  yield ustarHeader('PaxHeader', pax.length, 'x');
  yield pax;
  yield padding(pax.length);
  // sizes beyond the 11 octal digits of ustar live in the pax record only
  yield ustarHeader(
    Buffer.byteLength(name) <= 100 ? name : name.slice(0, 100),
    size < 8 ** 11 ? size : 0,
    '0',
  );
}

/**
 * The archive as a stream. `onObject` is told each object's checksum as it passes; `totals`
 * resolves once the stream has ended.
 */
export function writeObjectArchive(
  objects: AsyncIterable<ArchiveObject>,
  onObject?: (key: string, size: number) => void,
): { stream: Readable; totals: Promise<ArchiveTotals> } {
  let settle!: (t: ArchiveTotals) => void;
  let fail!: (e: unknown) => void;
  const totals = new Promise<ArchiveTotals>((res, rej) => {
    settle = res;
    fail = rej;
  });
  totals.catch(() => undefined);
  async function* generate(): AsyncGenerator<Buffer> {
    const sums = new Map<string, string>();
    let bytes = 0;
    try {
      for await (const o of objects) {
        yield* entryHeader(o.key, o.size, { 'CRM.contentType': o.contentType });
        const hash = createHash('sha256');
        let n = 0;
        for await (const chunk of await o.open()) {
          const buf = chunk as Buffer;
          n += buf.length;
          if (n > o.size) throw new Error(`object ${o.key} grew while it was being backed up`);
          hash.update(buf);
          yield buf;
        }
        if (n !== o.size) throw new Error(`object ${o.key} changed size while it was being backed up`);
        yield padding(n);
        sums.set(o.key, hash.digest('hex'));
        bytes += n;
        onObject?.(o.key, n);
      }
      const { text, digest } = sumsOf(sums);
      const body = Buffer.from(text);
      yield* entryHeader(SUMS_ENTRY, body.length, {});
      yield body;
      yield padding(body.length);
      yield Buffer.alloc(BLOCK * 2, 0);
      settle({ count: sums.size, bytes, digest });
    } catch (err) {
      fail(err);
      throw err;
    }
  }
  return { stream: Readable.from(generate(), { objectMode: false }), totals };
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private readonly it: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<boolean> {
    while (this.length < n) {
      const next = await this.it.next();
      if (next.done) return false;
      this.buffered.push(next.value);
      this.length += next.value.length;
    }
    return true;
  }

  async exact(n: number): Promise<Buffer> {
    if (!(await this.fill(n))) throw new Error('the object archive ends in the middle of an entry');
    const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered);
    this.buffered = all.length > n ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }

  /** Up to `n` bytes as they arrive. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.length === 0 && !(await this.fill(1)))
        throw new Error('the object archive ends in the middle of an entry');
      const head = this.buffered.shift()!;
      if (head.length > left) {
        this.buffered.unshift(head.subarray(left));
        this.length -= left;
        yield head.subarray(0, left);
        left = 0;
      } else {
        this.length -= head.length;
        left -= head.length;
        yield head;
      }
    }
  }
}

function field(h: Buffer, start: number, len: number): string {
  const raw = h.subarray(start, start + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? len : end).toString('utf8');
}

function checkHeader(h: Buffer): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  if (parseInt(field(h, 148, 8).trim(), 8) !== sum)
    throw new Error('the object archive has a damaged header');
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(0x20, i);
    const len = parseInt(body.subarray(i, space).toString('ascii'), 10);
    if (!(len > 0)) throw new Error('the object archive has a damaged pax header');
    const record = body.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

export interface ArchiveEntryHandler {
  /** Called for each object with a stream of exactly `size` bytes that it must consume. */
  object(entry: {
    key: string;
    size: number;
    contentType: string;
    body: Readable;
    sha256: Promise<string>;
  }): Promise<void>;
}

/**
 * Reads an archive written by {@link writeObjectArchive}, handing each object to `handler` as a
 * stream, and checks every object's SHA-256 against the SHA256SUMS entry at the end.
 */
export async function readObjectArchive(
  source: AsyncIterable<Buffer>,
  handler: ArchiveEntryHandler,
): Promise<ArchiveTotals> {
  const reader = new ByteReader(source);
  const seen = new Map<string, string>();
  let bytes = 0;
  let pax: Record<string, string> = {};
  let sums: string | null = null;
  for (;;) {
    const h = await reader.exact(BLOCK);
    if (h.every((b) => b === 0)) break;
    checkHeader(h);
    const type = field(h, 156, 1) || '0';
    const size = pax.size !== undefined ? Number(pax.size) : parseInt(field(h, 124, 12).trim() || '0', 8);
    const name = pax.path ?? field(h, 0, 100);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x') {
      pax = parsePax(await reader.exact(size));
      await reader.exact(pad);
      continue;
    }
    const attrs = pax;
    pax = {};
    if (name === SUMS_ENTRY) {
      sums = (await reader.exact(size)).toString('utf8');
    } else if (type === '0') {
      const hash = createHash('sha256');
      let resolveSha!: (s: string) => void;
      const sha256 = new Promise<string>((r) => (resolveSha = r));
      const body = Readable.from(
        (async function* () {
          for await (const chunk of reader.take(size)) {
            hash.update(chunk);
            yield chunk;
          }
          resolveSha(hash.digest('hex'));
        })(),
        { objectMode: false },
      );
      await handler.object({
        key: name,
        size,
        contentType: attrs['CRM.contentType'] ?? 'application/octet-stream',
        body,
        sha256,
      });
      seen.set(name, await sha256);
      bytes += size;
    } else {
      throw new Error(`the object archive holds an unexpected entry type "${type}"`);
    }
    await reader.exact(pad);
  }
  if (sums === null) throw new Error('the object archive has no SHA256SUMS entry: it is incomplete');
  const expected = new Map<string, string>();
  for (const line of sums.split('\n').filter(Boolean)) expected.set(line.slice(66), line.slice(0, 64));
  for (const [key, sha] of expected) {
    if (seen.get(key) !== sha)
      throw new Error(`object ${key}: its checksum does not match the archive's SHA256SUMS`);
  }
  if (expected.size !== seen.size)
    throw new Error('the object archive holds objects SHA256SUMS does not list');
  const { digest } = sumsOf(seen);
  return { count: seen.size, bytes, digest };
}
