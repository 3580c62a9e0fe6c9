import { SmartBatch } from './smart-batch';

/** A flush that records each call's items and waits until released, answering each item doubled. */
function gatedFlush() {
  const calls: number[][] = [];
  const pending: Array<() => void> = [];
  let failWhen: (items: readonly number[]) => Error | null = () => null;
  const flush = (items: readonly number[]) => {
    calls.push([...items]);
    return new Promise<number[]>((resolve, reject) =>
      pending.push(() => {
        const err = failWhen(items);
        if (err) reject(err);
        else resolve(items.map((i) => i * 2));
      }),
    );
  };
  const releaseAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { calls, flush, releaseAll, failOn: (f: typeof failWhen) => (failWhen = f) };
}

describe('SmartBatch: writes that arrive during a flush go out together next', () => {
  it('flushes a lone call at once, on its own', async () => {
    const g = gatedFlush();
    const batch = new SmartBatch(g.flush, 100);
    const out = batch.submit([1, 2]);
    expect(g.calls).toEqual([[1, 2]]);
    await g.releaseAll();
    await expect(out).resolves.toEqual([2, 4]);
  });

  it('queues the calls made during a flush and flushes them as one, each caller getting its own share', async () => {
    const g = gatedFlush();
    const batch = new SmartBatch(g.flush, 100);
    const first = batch.submit([1]);
    const rest = [batch.submit([2, 3]), batch.submit([4]), batch.submit([5, 6, 7])];
    expect(g.calls).toEqual([[1]]);
    await g.releaseAll();
    expect(g.calls).toEqual([[1], [2, 3, 4, 5, 6, 7]]);
    await expect(first).resolves.toEqual([2]);
    await expect(Promise.all(rest)).resolves.toEqual([[4, 6], [8], [10, 12, 14]]);
    // idle again: the next call goes out at once
    const later = batch.submit([8]);
    expect(g.calls.at(-1)).toEqual([8]);
    await g.releaseAll();
    await expect(later).resolves.toEqual([16]);
  });

  it('keeps a flush within maxItems without splitting a caller, and flushes an oversized caller alone', async () => {
    const g = gatedFlush();
    const batch = new SmartBatch(g.flush, 3);
    const all = [
      batch.submit([0]),
      batch.submit([1, 2]),
      batch.submit([3]),
      batch.submit([4, 5, 6, 7]),
      batch.submit([8]),
    ];
    await g.releaseAll();
    expect(g.calls).toEqual([[0], [1, 2, 3], [4, 5, 6, 7], [8]]);
    await expect(Promise.all(all)).resolves.toEqual([[0], [2, 4], [6], [8, 10, 12, 14], [16]]);
  });

  it('retries each caller of a failed flush alone, so only the caller whose items fail is refused', async () => {
    const g = gatedFlush();
    g.failOn((items) => (items.includes(13) ? new Error('bad item 13') : null));
    const batch = new SmartBatch(g.flush, 100);
    const settled = Promise.allSettled([
      batch.submit([1]),
      batch.submit([2]),
      batch.submit([13, 3]),
      batch.submit([4]),
    ]);
    await g.releaseAll();
    const [first, good, bad, alsoGood] = await settled;
    expect(first).toEqual({ status: 'fulfilled', value: [2] });
    expect(good).toEqual({ status: 'fulfilled', value: [4] });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('bad item 13') });
    expect(alsoGood).toEqual({ status: 'fulfilled', value: [8] });
    expect(g.calls).toEqual([[1], [2, 13, 3, 4], [2], [13, 3], [4]]);
  });

  it('refuses every caller when every flush fails (the database down), and recovers after', async () => {
    const g = gatedFlush();
    let down = true;
    g.failOn(() => (down ? new Error('connection refused') : null));
    const batch = new SmartBatch(g.flush, 100);
    const settled = Promise.allSettled([batch.submit([1]), batch.submit([2]), batch.submit([3])]);
    await g.releaseAll();
    for (const outcome of await settled) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: new Error('connection refused') });
    }
    down = false;
    const after = batch.submit([5]);
    await g.releaseAll();
    await expect(after).resolves.toEqual([10]);
  });

  it('refuses every caller of a failed flush at once, without retries, when retryAlone declines the error', async () => {
    const g = gatedFlush();
    g.failOn(() => Object.assign(new Error('connection timeout'), { code: 'ETIMEDOUT' }));
    const batch = new SmartBatch(g.flush, 100, (err) => (err as { code?: string }).code === '22007');
    const settled = Promise.allSettled([batch.submit([1]), batch.submit([2]), batch.submit([3])]);
    await g.releaseAll();
    for (const outcome of await settled) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: new Error('connection timeout') });
    }
    // the first alone, then the two queued behind it together, and no third or fourth flush
    expect(g.calls).toEqual([[1], [2, 3]]);
  });

  it('refuses a flush that answers a different number of results than items', async () => {
    const batch = new SmartBatch<number, number>(async () => [1], 10);
    await expect(batch.submit([1, 2])).rejects.toThrow('returned 1 results for 2 items');
  });
});
