import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface ForegroundFirstOptions {
  /**
   * Event-loop utilisation (0–1) above which background rounds wait while requests are being
   * answered; 1 turns the wait off (BACKGROUND_YIELD_PERCENT / 100).
   */
  busyAbove: number;
  /** The longest one background round is held back: background work always progresses. */
  maxDeferMs: number;
  /** The window utilisation is measured over. */
  windowMs: number;
}

export const DEFAULT_FOREGROUND_FIRST: ForegroundFirstOptions = {
  busyAbove: 0.7,
  maxDeferMs: 1000,
  windowMs: 100,
};

/**
 * Requests first, background work in the room they leave. A webhook must be acknowledged at once
 * (a provider that waits retries, and a retry storm is the outage), while turning its message
 * into an application can wait a second; on one event loop both queue behind each other, so a
 * flood of deliveries and the worker processing them slow each other's every step.
 *
 * The HTTP layer counts requests ({@link noteRequest}); while requests come in, the event loop's
 * utilisation is sampled every `windowMs`. A background loop awaits {@link room} before each
 * round: it resolves at once unless the last window served requests on a loop busier than
 * `busyAbove`, and otherwise when a window is calm again, or after `maxDeferMs` at the latest.
 * With no requests nothing is sampled and nothing waits: a backlog drains at full speed.
 */
export class ForegroundFirst {
  private options: ForegroundFirstOptions = DEFAULT_FOREGROUND_FIRST;
  private requests = 0;
  private busy = false;
  private mark: EventLoopUtilization | null = null;
  private timer: NodeJS.Timeout | null = null;
  private waiters: Array<() => void> = [];
  /** Rounds held back, and for how long in all (the metrics and the bench read them). */
  deferred = 0;
  deferredMs = 0;

  configure(options: Partial<ForegroundFirstOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** The HTTP layer's `onRequest` hook calls this for every request. */
  noteRequest(): void {
    this.requests += 1;
    if (this.timer || this.options.busyAbove >= 1) return;
    this.mark = performance.eventLoopUtilization();
    this.timer = setInterval(() => this.sample(), this.options.windowMs);
    this.timer.unref();
  }

  /** Whether the last window served requests on a busy loop. */
  get isBusy(): boolean {
    return this.busy;
  }

  /**
   * Resolves when a background round may run (see the class comment). A round that goes ahead
   * for a reason of its own aborts `withdraw`: its wait ends there, and counts only until then.
   */
  room(withdraw?: AbortSignal): Promise<void> | undefined {
    if (!this.busy || withdraw?.aborted) return undefined;
    const started = performance.now();
    this.deferred += 1;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timeout);
        withdraw?.removeEventListener('abort', done);
        this.waiters = this.waiters.filter((w) => w !== done);
        this.deferredMs += performance.now() - started;
        resolve();
      };
      const timeout = setTimeout(done, this.options.maxDeferMs);
      // a held-back round never keeps the process alive (shutdown, a test worker exiting)
      timeout.unref();
      this.waiters.push(done);
      withdraw?.addEventListener('abort', done, { once: true });
    });
  }

  /** Stops sampling and lets every waiting round go (shutdown, tests). */
  reset(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.busy = false;
    this.requests = 0;
    for (const w of [...this.waiters]) w();
  }

  private sample(): void {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, this.mark ?? undefined);
    this.mark = now;
    const served = this.requests;
    this.requests = 0;
    this.busy = served > 0 && utilization > this.options.busyAbove;
    if (this.busy) return;
    for (const w of [...this.waiters]) w();
    // a window without requests: stop sampling until the next one
    if (served === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

/** The process's one gate: the HTTP hooks feed it, the background loops ask it. */
export const foregroundFirst = new ForegroundFirst();
