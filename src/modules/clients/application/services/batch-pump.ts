/**
 * Pulls items from `source` into batches of `size` and writes them one after another, with the
 * CPU work of the next batch (`prepare`) overlapping the write of the previous one. Backpressure
 * by construction: the source is read only while fewer than two batches are in memory (the one
 * being written and the one being filled), so a stream behind `source` (csv-parse, the decoder,
 * the file) stays paused while a write is in flight and memory does not grow with the file.
 * `prepare` runs in file order and sees each full batch once; a failed write stops the pump and
 * is rethrown after the write in flight settles. Resolves, once every full batch is written, with
 * the last (partial, possibly empty) batch, left to the caller.
 */
export async function pumpInBatches<T, P>(
  source: AsyncIterable<T>,
  size: number,
  prepare: (items: T[]) => P,
  write: (prepared: P) => Promise<void>,
  beforeBatch: () => void = () => undefined,
): Promise<T[]> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('batch size must be a positive integer');
  let writing: Promise<void> = Promise.resolve();
  let writeError: { err: unknown } | null = null;
  const flush = async (items: T[]) => {
    beforeBatch();
    const prepared = prepare(items);
    await writing;
    if (writeError) throw writeError.err;
    writing = write(prepared).catch((err: unknown) => {
      writeError = { err };
    });
  };
  let batch: T[] = [];
  try {
    for await (const item of source) {
      batch.push(item);
      if (batch.length >= size) {
        const full = batch;
        batch = [];
        await flush(full);
      }
    }
  } finally {
    await writing;
  }
  if (writeError) throw (writeError as { err: unknown }).err;
  return batch;
}
