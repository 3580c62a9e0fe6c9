import { parse } from 'csv-parse';
import { pipeline, Readable } from 'node:stream';
import { pumpInBatches } from './batch-pump';

const LINES = 50_000;

/** A CSV "file" produced lazily: counts how many lines anyone has pulled out of it. */
function lazyCsv(lines: number): { stream: Readable; produced: () => number } {
  let i = 0;
  const stream = new Readable({
    read() {
      // one line per call: the count is what the consumer really asked for
      if (i >= lines) {
        this.push(null);
        return;
      }
      i += 1;
      this.push(`Клиент ${i};+7916${String(i).padStart(7, '0')};client${i}@example.ru\n`);
    },
  });
  return { stream, produced: () => i };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('pumpInBatches', () => {
  it('keeps the CSV parser paused while a batch is being written (memory bounded by two batches, not the file)', async () => {
    const { stream, produced } = lazyCsv(LINES);
    const parser = parse({ delimiter: ';' });
    pipeline(stream, parser, () => undefined);
    const gates: Array<{ promise: Promise<void>; resolve: () => void }> = [];
    const written: number[][] = [];
    const prepared: number[] = [];
    const done = pumpInBatches(
      parser as AsyncIterable<string[]>,
      100,
      (rows) => {
        prepared.push(rows.length);
        return rows.map((r) => Number(r[1].slice(-7)));
      },
      async (ids) => {
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        written.push(ids);
      },
    );

    // the first write is stuck: the pump fills the second batch and then stops reading
    for (let i = 0; i < 10; i++) await tick();
    expect(gates).toHaveLength(1);
    expect(prepared).toEqual([100, 100]);
    const whileBlocked = produced();
    // two batches plus the streams' own buffers (16 KiB each side); the file is 50,000 lines
    expect(whileBlocked).toBeGreaterThanOrEqual(200);
    expect(whileBlocked).toBeLessThan(1_500);
    for (let i = 0; i < 5; i++) await tick();
    expect(produced()).toBe(whileBlocked); // still paused, not trickling

    // each release lets exactly one more batch through
    gates[0].resolve();
    for (let i = 0; i < 5; i++) await tick();
    expect(gates).toHaveLength(2);
    expect(prepared).toHaveLength(3);
    expect(produced()).toBeLessThan(whileBlocked + 300);

    // then drain everything, in order
    const drain = setInterval(() => gates.forEach((g) => g.resolve()), 1);
    const tail = await done;
    clearInterval(drain);
    expect(produced()).toBe(LINES);
    const all = [...written.flat(), ...tail.map((r) => Number(r[1].slice(-7)))];
    expect(all).toHaveLength(LINES);
    expect(all.every((v, i) => v === i + 1)).toBe(true);
    expect(tail).toHaveLength(0);
  });

  it('returns the partial last batch to the caller and writes full batches only', async () => {
    const writes: number[] = [];
    const tail = await pumpInBatches(
      Readable.from([1, 2, 3, 4, 5, 6, 7]),
      3,
      (xs) => xs,
      async (xs) => {
        writes.push(xs.length);
      },
    );
    expect(writes).toEqual([3, 3]);
    expect(tail).toEqual([7]);
  });

  it('stops reading after a failed write and rethrows its error', async () => {
    const { stream, produced } = lazyCsv(LINES);
    const parser = parse({ delimiter: ';' });
    pipeline(stream, parser, () => undefined);
    let calls = 0;
    await expect(
      pumpInBatches(
        parser as AsyncIterable<string[]>,
        100,
        (rows) => rows,
        async () => {
          calls += 1;
          if (calls === 2) throw new Error('the database went away');
        },
      ),
    ).rejects.toThrow('the database went away');
    expect(calls).toBe(2);
    expect(produced()).toBeLessThan(2_000);
  });

  it('calls the guard before every batch and stops when it throws', async () => {
    let n = 0;
    await expect(
      pumpInBatches(
        Readable.from(Array.from({ length: 50 }, (_, i) => i)),
        10,
        (xs) => xs,
        async () => undefined,
        () => {
          n += 1;
          if (n === 3) throw new Error('stopping');
        },
      ),
    ).rejects.toThrow('stopping');
    expect(n).toBe(3);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(
      pumpInBatches(
        Readable.from([1]),
        0,
        (x) => x,
        async () => undefined,
      ),
    ).rejects.toThrow(RangeError);
  });
});
