import { AsyncResource } from 'node:async_hooks';

type Bind = (this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown) => unknown;

/**
 * Whether this Node's `AsyncResource.prototype.bind` gives each bound function the deprecated
 * `asyncResource` accessor (DEP0172), built with `util.deprecate` (Node 20).
 */
export function bindMakesAccessors(): boolean {
  const bound = new AsyncResource('lean-async-bind-probe').bind(() => undefined);
  return typeof Object.getOwnPropertyDescriptor(bound, 'asyncResource')?.get === 'function';
}

/**
 * `AsyncResource.prototype.bind` as Node 20 has it, but with `asyncResource` a plain property.
 *
 * Node 20 defines that property on every bound function as a getter and a setter wrapped by
 * `util.deprecate`, and each wrapper is made a function whose prototype is a fresh closure
 * (`Object.setPrototypeOf`). V8 keeps prototype data for that closure in the old space, and the
 * young collector counts it as a root. So the closure, the resource, the bound callback and all
 * the callback holds survive young collections, to be freed only by a full one.
 *
 * Fastify binds its body parser's callback for every request that has a body. So every such
 * request's whole object graph went to the old space: measured at 12.5 KB per webhook
 * acknowledgement, 6 MB/s at 500 a second. The full collections that took it back made the
 * acknowledgements' bad seconds (BENCHMARKS.md, issue 18, 2026-12-03).
 *
 * Same calls, same async scope, same `length`. `bound.asyncResource` still reads the resource,
 * without the deprecation warning. Nothing in this repository or its dependencies reads it.
 */
function leanBind(this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown): unknown {
  if (typeof fn !== 'function') {
    throw new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`);
  }
  let bound: (...args: unknown[]) => unknown;
  if (thisArg === undefined) {
    bound = callerThisIn(this, fn);
  } else {
    bound = this.runInAsyncScope.bind(this, fn, thisArg) as (...args: unknown[]) => unknown;
  }
  Object.defineProperties(bound, {
    length: { configurable: true, enumerable: false, value: fn.length, writable: false },
    asyncResource: { configurable: true, enumerable: true, value: this, writable: true },
  });
  return bound;
}

/** `fn` run in `resource`'s async scope with the `this` it is called with. */
function callerThisIn(resource: AsyncResource, fn: (...args: unknown[]) => unknown) {
  return function (this: unknown, ...args: unknown[]): unknown {
    return resource.runInAsyncScope(fn, this, ...args);
  };
}

/**
 * Installs {@link leanBind} once per process, where this Node needs it (Node 20). Returns whether
 * it is installed.
 */
export function installLeanAsyncBind(): boolean {
  const proto = AsyncResource.prototype as unknown as { bind: Bind };
  if ((proto.bind as unknown) === leanBind) return true;
  if (!bindMakesAccessors()) return false;
  proto.bind = leanBind as Bind;
  return true;
}
