import { setFlagsFromString } from 'node:v8';

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
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

/**
 * Applies the product's heap growth policy to this process (all its threads) at start, unless the
 * operator passed `--heap-growing-percent` to node themselves; `percent` 0 keeps V8's own factor.
 * Returns the percentage applied, or null when nothing was changed.
 */
export function applyHeapGrowth(
  percent: number,
  execArgv: readonly string[] = process.execArgv,
  set: (flags: string) => void = setFlagsFromString,
): number | null {
  if (percent <= 0) return null;
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return null;
  set(`--heap-growing-percent=${percent}`);
  return percent;
}
