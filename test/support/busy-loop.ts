import { performance } from 'node:perf_hooks';

/**
 * Keeps this process's event loop busy for `busyMs` of every 10 ms (a flood being answered, as
 * the requests-first gate sees it), calling `onTick` first each time; returns the stop function.
 */
export function busyEventLoop(busyMs: number, onTick: () => void = () => undefined): () => void {
  const timer = setInterval(() => {
    onTick();
    const end = performance.now() + busyMs;
    while (performance.now() < end) {
      /* the event loop is busy */
    }
  }, 10);
  return () => clearInterval(timer);
}
