/**
 * `{ ...base, ...extra }` without what that literal costs on Node 20.
 *
 * V8 11.3 (Node 20) gives every object written as a spread followed by more properties
 * (`{ ...a, b }`, `{ ...a, ...b }`) a hidden class (map) of its own instead of sharing one: about
 * 1–2.5 µs per object, and 1–3 KB of maps and descriptor arrays in the old space that only a full
 * collection gives back. On `GET /orders/{id}` one such literal was 3.5 KB of the 18.6 KB a request
 * left in the old space (BENCHMARKS.md, 2026-12-03). `Object.assign` onto a fresh literal walks the
 * shared map transitions instead, so objects built the same way share one map.
 *
 * Same result as the spread: a new plain object with the own enumerable properties of `base`, then
 * of `extra`, in that order, `extra` winning on a shared key. For objects this code built, not for
 * raw parsed input: a `"__proto__"` key would set the new object's prototype here, where a spread
 * copies it as a property.
 */
export function extend<A extends object, B extends object>(base: A, extra: B): Omit<A, keyof B> & B {
  return Object.assign({}, base, extra) as Omit<A, keyof B> & B;
}
