import { createHash } from 'node:crypto';
import { chainHash, diffDigest, GENESIS_HASH } from './audit-hash';
import { canonicalJson } from '../../../shared/domain/canonical-json';

/**
 * Golden values computed with the audit module's own canonical JSON before it moved here: an
 * audit chain written before the change must still verify after it.
 */
describe('canonicalJson (golden: the audit chain of an existing database)', () => {
  const r1 = {
    id: '0192f2a0-0000-7000-8000-000000000001',
    seq: 1,
    ts: '2026-11-20T09:00:00.000Z',
    userId: null,
    role: 'system',
    action: 'orders.created',
    entity: 'order',
    entityId: '0192f2a0-0000-7000-8000-0000000000aa',
    diff: {
      status: { from: null, to: 'draft' },
      note: { from: null, to: 'Ёлка «с» \u2028 "кавычками"' },
      travellerIds: { from: null, to: ['b', 'a'] },
    },
    correlationId: 'req-1',
  };
  const r2 = {
    id: '0192f2a0-0000-7000-8000-000000000002',
    seq: 2,
    ts: '2026-11-20T09:00:01.500Z',
    userId: '0192f2a0-0000-7000-8000-0000000000bb',
    role: 'operator',
    action: 'finance.payment-recorded',
    entity: 'payment',
    entityId: null,
    diff: {
      amount: { from: null, to: '100.50' },
      nested: { z: 1, a: [1.5, null, true, { y: undefined, x: -0 }] },
    },
    correlationId: null,
  };

  it('keeps the chain hashes of entries written before the change', () => {
    const h1 = chainHash(GENESIS_HASH, r1);
    expect(h1).toBe('d1ea71eefc9d448f016a4668ace191b1223b34da12ac87dcfa7f8e61e1957eb4');
    expect(chainHash(h1, r2)).toBe('a9668734c652e6a9689c11743c855cae63ee3c923e5610e1b936b2550dcc6de8');
    expect(diffDigest(r2.diff)).toBe('2b26aea946551f7946db5c921bc61b040facbe794123b89f185be6be0690f165');
  });

  it('sorts keys at every level, drops undefined members and writes null for nothing', () => {
    expect(canonicalJson(r2.diff)).toBe(
      '{"amount":{"from":null,"to":"100.50"},"nested":{"a":[1.5,null,true,{"x":0}],"z":1}}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(createHash('sha256').update(canonicalJson('x')).digest('hex')).toHaveLength(64);
  });

  it('writes what its first implementation wrote, on generated values of every shape', () => {
    // the implementation the chains of existing databases were hashed with (kept here as the reference)
    const first = (value: unknown): string => {
      if (value === null || value === undefined) return 'null';
      if (Array.isArray(value)) return `[${value.map(first).join(',')}]`;
      if (typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${first(v)}`).join(',')}}`;
      }
      return JSON.stringify(value) ?? 'null';
    };
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const keys = ['a', 'B', 'b', 'é', 'Ё', 'ё', 'z', '10', '9', '', 'key "q"', '\u2028', '😀', 'Zz'];
    const generate = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.3) {
        const leaves = [
          null,
          undefined,
          0,
          -0,
          1.5,
          -7,
          NaN,
          true,
          false,
          '',
          'строка',
          'a"b\\c\n',
          '\u2028',
        ];
        return leaves[Math.floor(next() * leaves.length)];
      }
      if (r < 0.55) {
        const a: unknown[] = Array.from({ length: Math.floor(next() * 4) }, () => generate(depth + 1));
        if (next() < 0.1) a[a.length + 1] = 1; // a hole
        return a;
      }
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i -= 1)
        o[keys[Math.floor(next() * keys.length)]] = generate(depth + 1);
      if (next() < 0.1) o.fn = () => 1;
      return o;
    };
    for (let i = 0; i < 2000; i += 1) {
      const value = generate(0);
      expect(canonicalJson(value)).toBe(first(value));
    }
    expect(canonicalJson({ d: new Date(0), s: Symbol('x') })).toBe(first({ d: new Date(0), s: Symbol('x') }));
    // wide objects: the in-place sort of short key lists and the built-in sort of long ones
    const pool = [...keys, ...Array.from({ length: 30 }, (_, i) => `k${(i * 7) % 30}`), 'Я', 'я', '_', '~'];
    for (let i = 0; i < 300; i += 1) {
      const o: Record<string, unknown> = {};
      const width = 1 + Math.floor(next() * pool.length);
      for (let k = 0; k < width; k += 1) o[pool[Math.floor(next() * pool.length)]] = k;
      expect(canonicalJson(o)).toBe(first(o));
    }
  });
});
