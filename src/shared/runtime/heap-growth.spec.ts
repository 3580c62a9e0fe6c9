import { spawnSync } from 'node:child_process';
import {
  applyHeapGrowth,
  DEFAULT_BULK_HEAP_GROWING_PERCENT,
  DEFAULT_HEAP_GROWING_PERCENT,
  duringBulkWork,
} from './heap-growth';

describe('applyHeapGrowth', () => {
  it('sets the growth flag by default, keeps an explicit node flag and V8 own factor at 0', () => {
    const set = jest.fn();
    expect(applyHeapGrowth(30, [], set)).toBe(30);
    expect(set).toHaveBeenCalledWith('--heap-growing-percent=30');
    set.mockClear();
    expect(applyHeapGrowth(50, ['--heap-growing-percent=20'], set)).toBeNull();
    expect(applyHeapGrowth(0, [], set)).toBeNull();
    expect(set).not.toHaveBeenCalled();
  });

  it('keeps V8 own factor by default and runs bulk work under the bulk policy, restoring it after the last one', async () => {
    expect(DEFAULT_HEAP_GROWING_PERCENT).toBe(0);
    const set = jest.fn();
    const collect = jest.fn();
    expect(
      applyHeapGrowth(DEFAULT_HEAP_GROWING_PERCENT, [], set, DEFAULT_BULK_HEAP_GROWING_PERCENT, collect),
    ).toBeNull();
    expect(set).not.toHaveBeenCalled();
    let release!: () => void;
    const first = duringBulkWork(() => new Promise<string>((r) => (release = () => r('first'))));
    const second = duringBulkWork(async () => 'second');
    expect(await second).toBe('second');
    expect(set.mock.calls).toEqual([['--heap-growing-percent=30']]); // still one import running
    expect(collect).toHaveBeenCalledTimes(1); // the new limit is computed under the bulk policy at once
    release();
    expect(await first).toBe('first');
    expect(set.mock.calls).toEqual([['--heap-growing-percent=30'], ['--heap-growing-percent=0']]);
    // a failing import restores the policy too
    await expect(duringBulkWork(() => Promise.reject(new Error('broken file')))).rejects.toThrow(
      'broken file',
    );
    expect(set.mock.calls.slice(2)).toEqual([['--heap-growing-percent=30'], ['--heap-growing-percent=0']]);
    // the operator's own node flag wins: nothing is switched
    set.mockClear();
    applyHeapGrowth(0, ['--heap-growing-percent=50'], set, 30, collect);
    expect(await duringBulkWork(async () => 1)).toBe(1);
    expect(set).not.toHaveBeenCalled();
  });

  it('bounds the heap of a process that keeps tens of MiB live while churning garbage', () => {
    // the same churn with V8's own factor and inside bulk work switched at run time (as an import is)
    const script = (percent: number) => `
      const { applyHeapGrowth, duringBulkWork } = require(${JSON.stringify(require.resolve('./heap-growth'))});
      applyHeapGrowth(0, [], undefined, ${percent});
      void duringBulkWork(async () => {
      const live = [];
      for (let i = 0; i < 300000; i++) live.push({ a: 'x' + i, b: i });
      let peak = 0;
      for (let r = 0; r < 80; r++) {
        const junk = [];
        for (let i = 0; i < 100000; i++) junk.push({ s: 'y' + i + r, n: [i] });
        if (r % 3 === 0) live.push(...junk.slice(0, 2000));
        peak = Math.max(peak, process.memoryUsage().heapTotal);
      }
      process.stdout.write(String(Math.round(peak / 1048576)));
      });`;
    const peakMiB = (percent: number) => {
      const r = spawnSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-e', script(percent)],
        {
          encoding: 'utf8',
        },
      );
      if (r.status !== 0) throw new Error(r.stderr);
      return Number(r.stdout);
    };
    const v8Own = peakMiB(0);
    const bounded = peakMiB(DEFAULT_BULK_HEAP_GROWING_PERCENT);
    expect(bounded).toBeLessThan(v8Own * 0.7);
  }, 60_000);
});
