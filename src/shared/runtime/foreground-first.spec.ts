import { performance } from 'node:perf_hooks';
import { busyEventLoop } from '../../../test/support/busy-loop';
import { ForegroundFirst } from './foreground-first';

/** The loop busy `busyMs` of every 10 ms, noting a request each time if `requests`. */
const load = (gate: ForegroundFirst, { busyMs, requests }: { busyMs: number; requests: boolean }) =>
  busyEventLoop(busyMs, () => (requests ? gate.noteRequest() : undefined));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ForegroundFirst: background rounds wait while requests are answered on a busy event loop', () => {
  let gate: ForegroundFirst;
  beforeEach(() => {
    gate = new ForegroundFirst();
    gate.configure({ busyAbove: 0.5, maxDeferMs: 2000, windowMs: 50 });
  });
  afterEach(() => gate.reset());

  it('holds a round back while requests keep a busy loop, and lets it go once a window is calm', async () => {
    const stop = load(gate, { busyMs: 9, requests: true });
    await sleep(200);
    expect(gate.isBusy).toBe(true);
    const started = performance.now();
    const wait = gate.room();
    expect(wait).toBeInstanceOf(Promise);
    let released = false;
    void wait!.then(() => (released = true));
    await sleep(150);
    expect(released).toBe(false);
    stop();
    await wait;
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(1000); // released by a calm window, not by the 2 s limit
    expect(gate.isBusy).toBe(false);
    expect(gate.deferred).toBe(1);
    expect(gate.deferredMs).toBeGreaterThanOrEqual(140);
    expect(gate.room()).toBeUndefined();
  });

  it('never holds a round back longer than maxDeferMs: background work progresses under a flood', async () => {
    gate.configure({ maxDeferMs: 250 });
    const stop = load(gate, { busyMs: 9, requests: true });
    try {
      await sleep(200);
      expect(gate.isBusy).toBe(true);
      const started = performance.now();
      await gate.room();
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(240);
      expect(waited).toBeLessThan(1500);
      expect(gate.isBusy).toBe(true); // still flooded: it went because its time was up
    } finally {
      stop();
    }
  });

  it('does not wait for a loop busy with background work alone (no requests): a backlog drains at full speed', async () => {
    const stop = load(gate, { busyMs: 9, requests: false });
    try {
      await sleep(200);
      expect(gate.isBusy).toBe(false);
      expect(gate.room()).toBeUndefined();
    } finally {
      stop();
    }
  });

  it('does not wait for requests on a loop with room to spare', async () => {
    // Busy 1 ms of every 10, asked once per window for 1.2 s. A single window may still read busy
    // on a CI box: a jest worker's full GC, or a preemption in the middle of a busy millisecond,
    // counts as busy time (CI saw one 50 ms window tip over). A gate that waited for requests
    // regardless of the room left would hold back at every ask.
    gate.configure({ windowMs: 100 });
    const stop = load(gate, { busyMs: 1, requests: true });
    try {
      await sleep(150);
      let heldBack = 0;
      for (let i = 0; i < 12; i++) {
        if (gate.room() !== undefined) heldBack += 1;
        await sleep(100);
      }
      expect(heldBack).toBeLessThanOrEqual(2);
    } finally {
      stop();
    }
  });

  it('is off at BACKGROUND_YIELD_PERCENT=100, and stops sampling once the requests stop', async () => {
    gate.configure({ busyAbove: 1 });
    let stop = load(gate, { busyMs: 9, requests: true });
    await sleep(200);
    stop();
    expect(gate.isBusy).toBe(false);

    gate.configure({ busyAbove: 0.5 });
    stop = load(gate, { busyMs: 9, requests: true });
    await sleep(200);
    stop();
    expect(gate.isBusy).toBe(true);
    await sleep(200); // a window with neither load nor requests
    expect(gate.isBusy).toBe(false);
    // with no requests the sampler is stopped: a busy loop without requests no longer counts
    const again = load(gate, { busyMs: 9, requests: false });
    await sleep(200);
    again();
    expect(gate.isBusy).toBe(false);
  });

  it('a round that goes ahead on its own withdraws its wait: it counts only until then', async () => {
    const stop = load(gate, { busyMs: 9, requests: true });
    try {
      await sleep(200);
      expect(gate.isBusy).toBe(true);
      const withdraw = new AbortController();
      const wait = gate.room(withdraw.signal);
      expect(wait).toBeInstanceOf(Promise);
      await sleep(50);
      withdraw.abort();
      await wait;
      expect(gate.isBusy).toBe(true); // released by the withdrawal, not by a calm window
      expect(gate.deferred).toBe(1);
      expect(gate.deferredMs).toBeGreaterThanOrEqual(40);
      expect(gate.deferredMs).toBeLessThan(500);
      await sleep(300);
      expect(gate.deferredMs).toBeLessThan(500); // no longer waiting: its time stopped at the withdrawal
      expect(gate.room(withdraw.signal)).toBeUndefined(); // already withdrawn: no wait at all
    } finally {
      stop();
    }
  });

  it('reset() lets every waiting round go at once', async () => {
    const stop = load(gate, { busyMs: 9, requests: true });
    await sleep(200);
    stop();
    const waits = [gate.room(), gate.room()];
    expect(waits.every((w) => w instanceof Promise)).toBe(true);
    const started = performance.now();
    gate.reset();
    await Promise.all(waits);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
