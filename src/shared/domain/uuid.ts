import { pooledRandomBytes } from '../crypto/random-pool';

let lastMs = 0;
let seq = 0;

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then randomness, so ids sort by creation time
 * and B-tree inserts stay local. A 12-bit counter keeps ids from one process monotonic within a millisecond.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = pooledRandomBytes(2).readUInt16BE(0) & 0x07ff;
  } else {
    seq = (seq + 1) & 0x0fff;
    if (seq === 0) lastMs += 1;
  }
  const ms = lastMs;
  const b = pooledRandomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}
