import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

// random bytes drawn 4 KiB at a time: `randomBytes` per id was ~1 % of a simple GET
// (every request gets a request id)
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = POOL_SIZE;

function pooledRandom(n: number): Buffer {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const b = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  poolOffset += n;
  return b;
}

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then randomness, so ids sort by creation time
 * and B-tree inserts stay local. A 12-bit counter keeps ids from one process monotonic within a millisecond.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = pooledRandom(2).readUInt16BE(0) & 0x07ff;
  } else {
    seq = (seq + 1) & 0x0fff;
    if (seq === 0) lastMs += 1;
  }
  const ms = lastMs;
  const b = pooledRandom(16);
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
