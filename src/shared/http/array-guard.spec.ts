import { findOversizedArray } from './array-guard';

describe('findOversizedArray', () => {
  it('names the path of the first list over the cap when one is nested deep in objects and lists', () => {
    const body = { a: [{ b: { c: Array.from({ length: 11 }, () => 1) } }], d: [1, 2] };
    expect(findOversizedArray(body, 10)).toBe('a[0].b.c');
  });

  it('names the body itself when the body is the long list', () => {
    expect(findOversizedArray([1, 2, 3], 2)).toBe('(body)');
  });

  it('returns null when every list is within the cap', () => {
    expect(findOversizedArray({ a: [1, 2], b: { c: [[1], [2]] }, s: 'x'.repeat(5000) }, 2)).toBeNull();
  });

  it('walks a body nested 100,000 levels deep without overflowing the stack when checking it', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findOversizedArray(deep, 5)).toBeNull();
  });
});
