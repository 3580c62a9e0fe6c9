import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far V8 lets the old space grow past what survived the last full GC before it marks again,
 * in per cent (V8's `--heap-growing-percent`): 30 means up to 1.3 × the live heap.
 *
 * Without it V8 sizes that factor from the heap's *maximum* (about 4 GiB on a machine with 16 GiB
 * or more), which allows up to 4 × the live heap: a bulk import whose live heap is ~100 MiB left
 * ~350 MiB of uncollected garbage and ~530 MiB of RSS. With a growth of 30 % the same import stays
 * under 300 MiB at the cost of more frequent (mostly concurrent) marking (~15–20 % more CPU for
 * that import). It is a growth policy, not a cap: a heap that really needs more still gets it, up
 * to V8's usual maximum.
 */
export const DEFAULT_BULK_HEAP_GROWING_PERCENT = 30;
/** Outside bulk work V8's own factor: the request paths do not pay for the import's memory bound. */
export const DEFAULT_HEAP_GROWING_PERCENT = 0;

type FlagSetter = (flags: string) => void;

/** The policy this process runs with (set once at start by {@link applyHeapGrowth}). */
const policy = {
  base: 0,
  bulk: 0,
  operatorOwned: false,
  active: 0,
  set: setFlagsFromString as FlagSetter,
  collect: fullCollection,
};

/**
 * One full collection now, so the next old-space limit is computed under the policy just set (V8
 * recomputes it only after a full GC; the limit left from start-up would otherwise allow one more
 * big cycle). `gc` is reached the documented way: expose it, then read it from a fresh context.
 */
export function fullCollection(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Applies the product's heap growth policy to this process (all its threads) at start, unless the
 * operator passed `--heap-growing-percent` to node themselves; `percent` 0 keeps V8's own factor.
 * Returns the percentage applied, or null when nothing was changed.
 */
export function applyHeapGrowth(
  percent: number,
  execArgv: readonly string[] = process.execArgv,
  set: FlagSetter = setFlagsFromString,
  bulkPercent = 0,
  collect: () => void = fullCollection,
): number | null {
  policy.operatorOwned = execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a));
  policy.base = Math.max(0, percent);
  policy.bulk = Math.max(0, bulkPercent);
  policy.active = 0;
  policy.set = set;
  policy.collect = collect;
  if (percent <= 0 || policy.operatorOwned) return null;
  set(`--heap-growing-percent=${percent}`);
  return percent;
}

/**
 * Runs bulk work (a CSV import) under the bulk growth policy (BULK_HEAP_GROWING_PERCENT, default
 * 30): while any such work runs, V8 collects once the old space is 1.3 × what survived, so the
 * import's short-lived batch objects do not pile up into hundreds of MiB of RSS; when the last one
 * ends the process goes back to its base policy, so the request paths do not pay the extra
 * marking the rest of the time (measured: 12–15 % of a `GET /orders/{id}`). V8 reads the flag at
 * each collection, so the change takes effect at the next one.
 */
export async function duringBulkWork<T>(work: () => Promise<T>): Promise<T> {
  if (policy.operatorOwned || policy.bulk <= 0 || policy.bulk === policy.base) return work();
  if (policy.active++ === 0) {
    policy.set(`--heap-growing-percent=${policy.bulk}`);
    policy.collect();
  }
  try {
    return await work();
  } finally {
    if (--policy.active === 0) policy.set(`--heap-growing-percent=${policy.base}`);
  }
}
