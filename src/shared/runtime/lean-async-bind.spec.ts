import { AsyncLocalStorage, AsyncResource, executionAsyncId } from 'node:async_hooks';
import { oldSpaceGrowth } from '../../../test/support/old-space';
import { bindMakesAccessors, installLeanAsyncBind } from './lean-async-bind';

/**
 * Old-space growth (bytes) while `n` callbacks, each holding ~1 KB of its own, are bound and
 * dropped: what the young collector could not free.
 */
function promotedBy(n: number): number {
  return oldSpaceGrowth(() => {
    let sink: unknown;
    for (let i = 0; i < n; i += 1) {
      const payload = new Array(120).fill(i);
      sink = new AsyncResource('probe').bind(() => payload.length);
      // young garbage meanwhile, so that young collections run
      for (let j = 0; j < 20; j += 1) sink = [sink, j];
    }
    expect(sink).toBeDefined();
  });
}

describe('installLeanAsyncBind (Node 20: AsyncResource.bind without the deprecated accessor)', () => {
  const original = AsyncResource.prototype.bind;
  const needed = bindMakesAccessors();
  afterAll(() => {
    AsyncResource.prototype.bind = original;
  });

  it('keeps bound callbacks young: 20,000 binds leave the old space as it was', () => {
    // on a Node without the accessor (22 and later) there is nothing to replace
    if (!needed) return expect(installLeanAsyncBind()).toBe(false);
    const withNodes = promotedBy(20_000);
    expect(installLeanAsyncBind()).toBe(true);
    const lean = promotedBy(20_000);
    // Node 20's bind promotes each callback with what it holds (~1 KB here): tens of MB
    expect(withNodes).toBeGreaterThan(10 * 1024 * 1024);
    expect(lean).toBeLessThan(withNodes / 10);
  });

  it('runs the callback in the resource’s async scope, with its arguments, `this` and return value', () => {
    installLeanAsyncBind();
    const als = new AsyncLocalStorage<string>();
    let resource!: AsyncResource;
    let bound!: (a: number, b: number) => unknown;
    als.run('the request', () => {
      resource = new AsyncResource('probe');
      bound = resource.bind(function (this: unknown, a: number, b: number) {
        return { store: als.getStore(), id: executionAsyncId(), self: this, sum: a + b };
      }) as (a: number, b: number) => unknown;
    });
    const receiver = { name: 'receiver' };
    const out = als.run('elsewhere', () => bound.call(receiver, 2, 3)) as Record<string, unknown>;
    expect(out).toEqual({ store: 'the request', id: resource.asyncId(), self: receiver, sum: 5 });
    expect(bound).toHaveLength(2);
    expect((bound as unknown as { asyncResource: AsyncResource }).asyncResource).toBe(resource);
  });

  it('binds `thisArg` when given, and refuses what is not a function as Node does', () => {
    installLeanAsyncBind();
    const target = { n: 7 };
    const bound = AsyncResource.bind(
      function (this: { n: number }) {
        return this.n;
      },
      'probe',
      target,
    ) as unknown as () => number;
    expect(bound()).toBe(7);
    expect(() => new AsyncResource('probe').bind('no' as unknown as () => void)).toThrow(
      /"fn" argument must be of type function/,
    );
  });
});
