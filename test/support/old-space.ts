import { getHeapSpaceStatistics } from 'node:v8';
import { fullCollection } from '../../src/shared/runtime/heap-growth';

const oldSpaceUsed = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;

/**
 * How much the old space grew (bytes) while `work` ran, from a fully collected heap: what the young
 * collector could not free of what `work` allocated and dropped.
 */
export function oldSpaceGrowth(work: () => void): number {
  fullCollection();
  const before = oldSpaceUsed();
  work();
  return oldSpaceUsed() - before;
}
