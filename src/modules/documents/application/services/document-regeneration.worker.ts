import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { PollingWorker } from '../../../../shared/runtime/polling-worker';
import { DOCUMENT_STORE, type DocumentStore } from '../ports/document-stores.port';
import {
  REGENERATION_QUEUE,
  type RegenerationClaim,
  type RegenerationQueue,
} from '../ports/regeneration-queue.port';
import { RegenerateDocumentsSubscriber } from '../events/regenerate-documents.subscriber';
import { DocumentGenerator } from './document-generator';

const POLL_MS = 1000;
const BATCH = 10;
const LEASE_MS = 120_000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 300_000;

/**
 * Renders the queued regenerations once they are due: each order's documents that are not
 * final get a new version when their rendered inputs (data hash, template version) changed.
 * Each document renders in a transaction of its own; requests are leased (SKIP LOCKED), so any
 * replica may take them, and one renewed while it rendered runs again. A backlog is worked off
 * round after round, each after the requests waiting on the loop ({@link PollingWorker}).
 */
@Injectable()
export class DocumentRegenerationWorker extends PollingWorker {
  protected readonly logger = new Logger('DocumentRegeneration');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly generator: DocumentGenerator,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(REGENERATION_QUEUE) private readonly queue: RegenerationQueue,
    subscriber: RegenerateDocumentsSubscriber,
  ) {
    super();
    subscriber.onQueued = (delayMs) => {
      setTimeout(() => this.kick(), delayMs + 20).unref();
    };
  }

  protected intervalMs(): number {
    return POLL_MS;
  }

  /** Up to BATCH due requests; true when some were, so there may be more. */
  protected async round(): Promise<boolean> {
    const claims = await this.uow.run(() => this.queue.claimDue(BATCH, LEASE_MS));
    for (const c of claims) await this.regenerate(c);
    return claims.length > 0;
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
