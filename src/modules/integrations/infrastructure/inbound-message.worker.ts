import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { InboundAdapterRegistry } from '../application/inbound/inbound-adapter.registry';
import { InboundIntake } from '../application/inbound/inbound-intake';
import { InboundMessageStore } from '../application/ports/inbound-message.store.port';
import { InboundSignals } from '../application/inbound/inbound-signals';
import { scrubToken } from '../application/services/integration-secrets';
import { BotApiError } from '../application/ports/bot-gateway.port';
import { PollingWorker } from '../../../shared/runtime/polling-worker';

export const INBOUND_MAX_ATTEMPTS = 8;

interface Claimed {
  id: string;
  channel: string;
  integration_id: string;
  attempts: number;
}

/**
 * Processes stored inbound messages of every channel: claims one at a time with
 * `FOR UPDATE SKIP LOCKED` (replicas never take the same message) and runs its adapter's
 * `process` (default: the intake) in the claiming transaction, so the application and the
 * `done` mark commit together — a crash before commit leaves the row pending, nothing is done
 * twice. Failures back off exponentially and are parked after {@link INBOUND_MAX_ATTEMPTS};
 * held messages (no consent) past their 24 hours are destroyed here too.
 */
@Injectable()
export class InboundMessageWorker extends PollingWorker {
  protected readonly logger = new Logger('InboundMessages');
  private lastSweep = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: InboundMessageStore,
    private readonly registry: InboundAdapterRegistry,
    private readonly intake: InboundIntake,
    signals: InboundSignals,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    signals.onMessages(() => this.kick());
  }

  protected intervalMs(): number {
    return this.config.outbox.pollIntervalMs;
  }

  protected async round(): Promise<boolean> {
    if (Date.now() - this.lastSweep > 60_000) {
      this.lastSweep = Date.now();
      await this.sweepExpiredHolds();
    }
    let claimed: Claimed | undefined;
    try {
      return await this.uow.run(async () => {
        [claimed] = await this.uow.preparedRows<Claimed>(
          'inbound.claim',
          `SELECT id, channel, integration_id, attempts FROM inbound_messages
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [],
        );
        if (!claimed) return false;
        await this.processClaimed(claimed);
        return true;
      });
    } catch (err) {
      if (!claimed) throw err;
      await this.failed(claimed, err);
      return true;
    }
  }

  /** Destroys the held messages (no consent) whose 24 hours are over; runs once a minute. */
  async sweepExpiredHolds(): Promise<number> {
    const destroyed = await this.store.destroyExpiredHolds();
    if (destroyed > 0) this.logger.log(`${destroyed} message(s) without consent destroyed after 24 hours`);
    return destroyed;
  }

  /** Runs one claimed message (inside the claiming transaction). */
  private async processClaimed(claimed: Claimed): Promise<void> {
    const adapter = this.registry.get(claimed.channel);
    if (!adapter) throw new Error(`no inbound adapter for channel ${claimed.channel}`);
    const message = await this.store.load(claimed.id);
    if (!message) return;
    const outcome = adapter.process
      ? await adapter.process(message)
      : await this.intake.handle(message, adapter);
    if (outcome.kind === 'held') {
      await this.store.hold(claimed.id, claimed.integration_id, outcome.threadKey);
      return;
    }
    const done = outcome.kind === 'done' ? outcome : null;
    await this.store.markDone(claimed.id, done?.applicationId ?? null, done?.clientId ?? null);
  }

  private async failed(claimed: Claimed, err: unknown): Promise<void> {
    const attempts = claimed.attempts + 1;
    const message = scrubToken((err as Error)?.message ?? String(err)).slice(0, 500);
    const delaySeconds =
      err instanceof BotApiError && err.retryAfterSeconds
        ? err.retryAfterSeconds
        : Math.min(2 ** attempts, 3600);
    await this.uow.sql(
      `UPDATE inbound_messages SET attempts = $2, status = $3, last_error = $4,
              next_attempt_at = now() + make_interval(secs => $5)
        WHERE id = $1`,
      [claimed.id, attempts, attempts >= INBOUND_MAX_ATTEMPTS ? 'failed' : 'pending', message, delaySeconds],
    );
    this.logger.warn(`inbound message ${claimed.id} (${claimed.channel}) failed: ${message}`);
  }
}
