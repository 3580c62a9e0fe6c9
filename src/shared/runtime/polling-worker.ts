import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { foregroundFirst } from './foreground-first';
import { runsBackgroundHere } from './process-role';

/** Rounds run back to back before the loop lets the rest of the event loop's queue go first. */
export const ROUNDS_PER_LOOP = 100;

/**
 * A background loop: runs `round()` every `intervalMs` and when kicked, never two rounds at once
 * in this process (replicas coordinate through SKIP LOCKED in the rounds themselves). Each round
 * first waits while requests are being answered on a busy event loop, a second at most
 * ({@link foregroundFirst}): the webhook that stored a message is acknowledged before the message
 * is processed.
 */
export abstract class PollingWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  protected abstract intervalMs(): number;
  /** One round; returns true when there may be more work right away. */
  protected abstract round(): Promise<boolean>;

  /** The loop runs where the background work does; a web worker's own kicks still run rounds. */
  onApplicationBootstrap(): void {
    if (!runsBackgroundHere()) return;
    this.timer = setInterval(() => this.kick(), this.intervalMs());
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().then((more) => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
      } else if (more) {
        // a backlog: the next rounds right after what is queued on the loop, not at the next tick
        // of the interval (which held a drain to ROUNDS_PER_LOOP rounds a tick)
        setImmediate(() => this.kick());
      }
    });
  }

  /** Runs rounds until one finds nothing to do (tests call it to drain). */
  async drain(): Promise<void> {
    await this.running;
    while (!this.stopped && (await this.loop()));
  }

  /** Runs up to ROUNDS_PER_LOOP rounds; true when the last one said there may be more. */
  private async loop(): Promise<boolean> {
    try {
      for (let i = 0; i < ROUNDS_PER_LOOP; i += 1) {
        await foregroundFirst.room();
        if (this.stopped || !(await this.round())) return false;
      }
      return true;
    } catch (err) {
      this.logger.warn(`round failed: ${(err as Error).message}`);
      return false;
    }
  }
}
