import { spawnSync } from 'node:child_process';
import { applyHeapGrowth, DEFAULT_HEAP_GROWING_PERCENT } from './heap-growth';

describe('applyHeapGrowth', () => {
  it('sets the growth flag by default, keeps an explicit node flag and V8 own factor at 0', () => {
    const set = jest.fn();
    expect(applyHeapGrowth(DEFAULT_HEAP_GROWING_PERCENT, [], set)).toBe(30);
    expect(set).toHaveBeenCalledWith('--heap-growing-percent=30');
    set.mockClear();
    expect(applyHeapGrowth(50, ['--heap-growing-percent=20'], set)).toBeNull();
    expect(applyHeapGrowth(0, [], set)).toBeNull();
    expect(set).not.toHaveBeenCalled();
  });

  it('bounds the heap of a process that keeps tens of MiB live while churning garbage', () => {
    // the same churn with V8's own factor and with the policy applied at run time (as main.ts does)
    const script = (percent: number) => `
      const { applyHeapGrowth } = require(${JSON.stringify(require.resolve('./heap-growth'))});
      applyHeapGrowth(${percent});
      const live = [];
      for (let i = 0; i < 300000; i++) live.push({ a: 'x' + i, b: i });
      let peak = 0;
      for (let r = 0; r < 80; r++) {
        const junk = [];
        for (let i = 0; i < 100000; i++) junk.push({ s: 'y' + i + r, n: [i] });
        if (r % 3 === 0) live.push(...junk.slice(0, 2000));
        peak = Math.max(peak, process.memoryUsage().heapTotal);
      }
      process.stdout.write(String(Math.round(peak / 1048576)));`;
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
    const bounded = peakMiB(DEFAULT_HEAP_GROWING_PERCENT);
    expect(bounded).toBeLessThan(v8Own * 0.7);
  }, 60_000);
});
