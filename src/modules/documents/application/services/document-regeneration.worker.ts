import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { DOCUMENT_STORE, type DocumentStore } from '../ports/document-stores.port';
import {
  REGENERATION_QUEUE,
  type RegenerationClaim,
  type RegenerationQueue,
} from '../ports/regeneration-queue.port';
import { RegenerateDocumentsSubscriber } from '../events/regenerate-documents.subscriber';
import { DocumentGenerator } from './document-generator';
import { runsBackgroundHere } from '../../../../shared/runtime/process-role';

const POLL_MS = 1000;
const BATCH = 10;
const LEASE_MS = 120_000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 300_000;

/**
 * Renders the queued regenerations once they are due: each order's documents that are not
 * final get a new version when their rendered inputs (data hash, template version) changed.
 * Each document renders in a transaction of its own; requests are leased (SKIP LOCKED), so any
 * replica may take them, and one renewed while it rendered runs again.
 */
@Injectable()
export class DocumentRegenerationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DocumentRegeneration');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly generator: DocumentGenerator,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(REGENERATION_QUEUE) private readonly queue: RegenerationQueue,
    subscriber: RegenerateDocumentsSubscriber,
  ) {
    subscriber.onQueued = (delayMs) => {
      if (this.stopped) return;
      setTimeout(() => this.kick(), delayMs + 20).unref();
    };
  }

  onApplicationBootstrap(): void {
    if (!runsBackgroundHere()) return;
    this.timer = setInterval(() => this.kick(), POLL_MS);
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
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: Error) => this.logger.warn(`regeneration round failed: ${err.message}`))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Works off every due request (tests call it to settle). */
  async drain(): Promise<number> {
    let done = 0;
    for (let i = 0; i < 100 && !this.stopped; i += 1) {
      const claims = await this.uow.run(() => this.queue.claimDue(BATCH, LEASE_MS));
      if (claims.length === 0) break;
      for (const c of claims) {
        await this.regenerate(c);
        done += 1;
      }
    }
    return done;
  }

  private async regenerate(c: RegenerationClaim): Promise<void> {
    try {
      const docs = await this.documents.findByOrder(c.orderId);
      for (const doc of docs.filter((d) => !d.final)) {
        const r = await this.generator.generate(
          {
            orderId: c.orderId,
            type: doc.type,
            actor: c.actor,
            reason: c.cause,
            causeEventId: c.causeEventId,
            onlyIfChanged: true,
          },
          doc,
        );
        // a deleted order keeps its documents as issued; there is nothing to re-render
        if (r.status === 'order-gone') break;
      }
      await this.uow.run(() => this.queue.complete(c.orderId, c.token));
    } catch (err) {
      const retryMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(c.attempts, 20));
      this.logger.warn(
        `regeneration of order ${c.orderId} failed (attempt ${c.attempts}): ${(err as Error).message}`,
      );
      await this.uow.run(() => this.queue.fail(c.orderId, retryMs, (err as Error).message));
    }
  }
}
