/**
 * Group commit for independent writes ("smart batching"): a call made while no flush is running is
 * flushed at once, alone, so a quiet system pays no wait; calls made while a flush is running queue
 * and go out together as the next flush, as soon as it ends. The batch grows with the load by
 * itself, with no timer to tune: under a burst many callers share one statement, one round trip
 * and one commit.
 *
 * Each caller gets its own share of the flush's result (`flush` returns one result per item, in
 * order). When a flush of several callers fails with an error `retryAlone` accepts (bad input, a
 * conflict one caller may cause), each caller's items are flushed again on their own, one after
 * the other, so only the culprit fails. Any other error (the database down or unreachable) reaches
 * every caller of that flush at once: retrying them one by one would make the last wait N times.
 */
export class SmartBatch<I, O> {
  private queue: Array<{ items: readonly I[]; resolve: (out: O[]) => void; reject: (err: unknown) => void }> =
    [];
  private flushing = false;

  /**
   * @param flush writes `items` and returns exactly one result per item, in order
   * @param maxItems items per flush at most (a caller's items are never split; one caller over the
   *   limit is flushed alone)
   * @param retryAlone whether a failed shared flush may be one caller's fault (default: always)
   */
  constructor(
    private readonly flush: (items: readonly I[]) => Promise<O[]>,
    private readonly maxItems: number,
    private readonly retryAlone: (err: unknown) => boolean = () => true,
  ) {}

  /** `items` written (with whatever else is queued), and their results in order. */
  submit(items: readonly I[]): Promise<O[]> {
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        let count = 0;
        let take = 0;
        while (
          take < this.queue.length &&
          (take === 0 || count + this.queue[take].items.length <= this.maxItems)
        ) {
          count += this.queue[take].items.length;
          take += 1;
        }
        await this.flushCallers(this.queue.splice(0, take));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async flushCallers(callers: SmartBatch<I, O>['queue']): Promise<void> {
    try {
      const out = await this.checked(callers.flatMap((c) => c.items));
      let at = 0;
      for (const c of callers) {
        c.resolve(out.slice(at, at + c.items.length));
        at += c.items.length;
      }
    } catch (err) {
      if (callers.length === 1 || !this.retryAlone(err)) {
        for (const c of callers) c.reject(err);
        return;
      }
      // who caused it is unknown: each caller again on its own, so only the culprit fails
      for (const c of callers) {
        await this.checked(c.items).then(c.resolve, c.reject);
      }
    }
  }

  private async checked(items: readonly I[]): Promise<O[]> {
    const out = await this.flush(items);
    if (out.length !== items.length) {
      throw new Error(`a batch flush returned ${out.length} results for ${items.length} items`);
    }
    return out;
  }
}
