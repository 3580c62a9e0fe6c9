import { type AuditRecord, canonicalJson, chainHash, GENESIS_HASH } from './audit-hash';

const record: AuditRecord = {
  id: 'a',
  seq: 1,
  ts: '2026-11-22T10:00:00.000Z',
  userId: null,
  role: 'system',
  action: 'users.created',
  entity: 'user',
  entityId: 'u',
  diff: { b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } },
  correlationId: null,
};

describe('audit hash chain', () => {
  it('serialises objects with sorted keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: undefined, y: 'Ё' })).toBe('{"y":"Ё"}');
  });

  it('gives the same hash whatever the key order of the diff', () => {
    const reordered = { ...record, diff: { a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, record));
  });

  it('changes the hash when any field or the previous hash changes', () => {
    const h = chainHash(GENESIS_HASH, record);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...record, action: 'users.deleted' })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...record, diff: { b: 2 } })).not.toBe(h);
    expect(chainHash('1'.repeat(64), record)).not.toBe(h);
  });
});
