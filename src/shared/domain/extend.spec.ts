import { oldSpaceGrowth } from '../../../test/support/old-space';
import { extend } from './extend';

/** A view-sized object, new each time (as a handler builds one per request). */
const view = (i: number) => ({
  id: `id-${i}`,
  number: '2026-000123',
  status: 'draft',
  currency: 'RUB',
  clientId: 'c',
  payerName: 'p',
  travellerIds: [] as string[],
  managerId: null,
  deadline: null,
  totalAmount: '1.00',
  commission: '0.05',
  supplierCost: '0.95',
  margin: '0.05',
  createdAt: '2026-12-03T00:00:00.000Z',
  updatedAt: '2026-12-03T00:00:00.000Z',
  version: i,
});

/** Old-space growth (bytes) while `n` objects are built by `build` and dropped. */
function grownBy(n: number, build: (i: number) => object): number {
  return oldSpaceGrowth(() => {
    let sink: unknown;
    for (let i = 0; i < n; i += 1) sink = build(i);
    expect(sink).toBeDefined();
  });
}

describe('extend (a spread without Node 20’s per-object maps)', () => {
  it('gives what the spread gives: a new object, base’s properties then extra’s, extra winning', () => {
    const base = { a: 1, b: 2, nested: { deep: true } };
    const extra = { b: 3, c: 4 };
    const out = extend(base, extra);
    expect(out).toEqual({ ...base, ...extra });
    expect(Object.keys(out)).toEqual(['a', 'b', 'nested', 'c']);
    expect(out.nested).toBe(base.nested);
    expect(out).not.toBe(base);
    expect(base).toEqual({ a: 1, b: 2, nested: { deep: true } });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(extend({ x: 1 }, { y: null }))).toBe('{"x":1,"y":null}');
  });

  it('leaves the old space alone where `{ ...a, b }` fills it with maps', () => {
    const spread = grownBy(10_000, (i) => ({
      ...view(i),
      managerName: null,
      note: null,
      conflicts: [],
    }));
    const extended = grownBy(10_000, (i) =>
      extend(view(i), { managerName: null, note: null, conflicts: [] }),
    );
    // objects built the same way share one map: nothing of them outlives the young generation
    expect(extended).toBeLessThan(2 * 1024 * 1024);
    // Node 20 (V8 11.3) gives each spread literal maps of its own, in the old space: ~1 KB or more
    // each. A later V8 that shares them has nothing to compare: only the bound above holds.
    if (spread > 5 * 1024 * 1024) expect(extended).toBeLessThan(spread / 5);
  });
});
